package io.fmp.catalog.costing;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TcoEstimatorTest {

    static final Workload MILLION_CHATS = new Workload(1_000_000, 500, 200);
    static final SelfHosting ONE_H100 = new SelfHosting(1, 2.00, 700, 2_500, 0.6, 1.2, 400);

    @Test
    void apiPricingIsTokensTimesListPrice() {
        // $2.50 per 1M input, $10 per 1M output tokens
        CostEstimate cost = TcoEstimator.api(MILLION_CHATS, 2.50, 10.00);
        assertEquals(1_250 + 2_000, cost.monthlyUsd(), 1e-9);
        assertEquals(3.25, cost.usdPer1000Requests(), 1e-12);
        assertEquals(3_250 / 700.0, cost.usdPerMillionTokens(), 1e-12);
        assertEquals(0, cost.energyKwh());
    }

    @Test
    void selfHostingRunsAtLeastOneReplicaAllMonthAndCountsEnergyAndCo2() {
        CostEstimate cost = TcoEstimator.selfHosted(MILLION_CHATS, ONE_H100);
        assertEquals(1, cost.replicas(), "266 tokens/s of demand fit one replica at 1,500 tokens/s");
        assertEquals(730.5, cost.gpuHours(), 1e-9);
        assertEquals(1_461, cost.monthlyUsd(), 1e-9);
        assertEquals(730.5 * 0.7 * 1.2, cost.energyKwh(), 1e-9);
        assertEquals(730.5 * 0.7 * 1.2 * 0.4, cost.co2Kg(), 1e-9);
        assertEquals(1.461, cost.usdPer1000Requests(), 1e-12);
    }

    @Test
    void replicasScaleWithDemandAtTheTargetUtilisation() {
        Workload hundredMillion = new Workload(100_000_000, 500, 200);
        double demand = 7e10 / (730.5 * 3600);
        CostEstimate cost = TcoEstimator.selfHosted(hundredMillion, ONE_H100);
        assertEquals((int) Math.ceil(demand / 1_500), cost.replicas());
        assertEquals(18, cost.replicas());
        // at volume, self-hosting beats the API price per request
        assertEquals(true, cost.usdPer1000Requests() < TcoEstimator.api(hundredMillion, 2.50, 10.00).usdPer1000Requests());
    }

    @Test
    void impossibleProfilesAreRejectedFieldByField() {
        assertEquals(List.of("selfHosted.targetUtilisation", "selfHosted.pue"),
                fields(() -> new SelfHosting(1, 2, 700, 2_500, 1.5, 0.9, 400)));
        assertEquals(List.of("workload.requestsPerMonth", "workload.inputTokens"), fields(() -> new Workload(0, -1, 1)));
        assertEquals(List.of("workload"), fields(() -> new Workload(10, 0, 0)));
        assertEquals(List.of("api"), fields(() -> TcoEstimator.api(MILLION_CHATS, -1, 10)));
    }

    private static List<String> fields(org.junit.jupiter.api.function.Executable invalid) {
        return assertThrows(InvalidInputException.class, invalid).violations().stream()
                .map(FieldViolation::field).toList();
    }
}
