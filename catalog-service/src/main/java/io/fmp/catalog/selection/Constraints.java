package io.fmp.catalog.selection;

/**
 * Hard requirements of a use case; a model that violates one is excluded, with the reason. Null
 * means "no requirement". A limit on a measurement excludes models that were not measured yet:
 * a requirement cannot be met by a number nobody has.
 */
public record Constraints(DeploymentMode deploymentMode, boolean commercialUse, String dataResidency,
                          Double maxP95LatencyMs, Double maxCostPer1000Requests, Integer minContextWindow,
                          Double maxGpuMemoryGb, boolean approvedOnly) {

    public static Constraints none() {
        return new Constraints(null, false, null, null, null, null, null, false);
    }
}
