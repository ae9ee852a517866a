package io.fmp.catalog.costing;

/**
 * What serving a workload costs in a month.
 *
 * @param replicas   serving replicas needed (0 for API pricing)
 * @param gpuHours   GPU hours in the month (0 for API pricing)
 * @param energyKwh  electricity including cooling (PUE); 0 for API pricing, where it is not disclosed
 */
public record CostEstimate(double monthlyUsd, double usdPerMillionTokens, double usdPer1000Requests, int replicas,
                           double gpuHours, double energyKwh, double co2Kg) {
}
