package io.fmp.gateway.selection;

import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.Precision;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EstimateRequestsTest {

    private static List<String> fields(org.junit.jupiter.api.function.Executable invalid) {
        return assertThrows(InvalidInputException.class, invalid).violations().stream()
                .map(FieldViolation::field).toList();
    }

    @Test
    void aFitBodyBecomesTheCatalogRequestWithDefaults() {
        var request = EstimateRequests.fit("""
                {"shape": {"parameterCount": 8030000000}, "precision": "int4", "contextTokens": 4096}""");
        assertEquals(8_030_000_000L, request.getShape().getParameterCount());
        assertEquals(0, request.getShape().getLayers(), "unknown attention shape");
        assertEquals(Precision.INT4, request.getPrecision());
        assertEquals(1, request.getBatchSize());
    }

    @Test
    void nestedFieldsAreNamedByTheirPath() {
        assertEquals(List.of("shape.heads", "shape.parameterCount", "shape.layers", "precision", "contextTokens"),
                fields(() -> EstimateRequests.fit("""
                        {"shape": {"layers": "many", "heads": 8}, "precision": "fp8", "contextTokens": 1.5}""")));
    }

    @Test
    void aCostBodyNeedsExactlyOnePricing() {
        String workload = "\"workload\": {\"requestsPerMonth\": 1000, \"inputTokens\": 100, \"outputTokens\": 10}";
        assertEquals(List.of("api"), fields(() -> EstimateRequests.cost("{" + workload + "}")));
        assertEquals(List.of("api"), fields(() -> EstimateRequests.cost("{" + workload
                + ", \"api\": {\"usdPerMillionInput\": 1, \"usdPerMillionOutput\": 2}, \"selfHosted\": {}}")).subList(0, 1));
        EstimateCostRequest api = EstimateRequests.cost("{" + workload
                + ", \"api\": {\"usdPerMillionInput\": 2.5, \"usdPerMillionOutput\": 10}}");
        assertEquals(10.0, api.getApi().getUsdPerMillionOutput());
        assertEquals(List.of("selfHosted.tokensPerSecond", "selfHosted.targetUtilisation", "selfHosted.pue",
                "selfHosted.gridGramsCo2PerKwh"), fields(() -> EstimateRequests.cost("{" + workload
                + ", \"selfHosted\": {\"gpusPerReplica\": 1, \"gpuHourlyUsd\": 2, \"gpuPowerWatts\": 700}}")));
    }
}
