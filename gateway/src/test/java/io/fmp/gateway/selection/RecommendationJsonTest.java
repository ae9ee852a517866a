package io.fmp.gateway.selection;

import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendationJsonTest {

    @Test
    void theDemoProfileReadsIntoTheCatalogRequest() {
        var profile = RecommendationJson.read("""
                {"name": "route banking customer queries", "task": "text-classification",
                 "constraints": {"deploymentMode": "on-prem", "commercialUse": true, "maxP95LatencyMs": 50},
                 "weights": {"quality": 0.5, "speed": 0.2, "cost": 0.2, "risk": 0.1},
                 "qualitySuite": "banking77-intent"}""").getProfile();
        assertEquals(DeploymentOption.ON_PREM, profile.getConstraints().getDeploymentMode());
        assertTrue(profile.getConstraints().hasMaxP95LatencyMs());
        assertFalse(profile.getConstraints().hasMaxCostPer1000Requests(), "absent limits stay absent");
        assertEquals(0.1, profile.getWeights().getRisk());
        assertFalse(profile.hasWorkload());
    }

    @Test
    void badProfilesNameEachField() {
        List<String> fields = assertThrows(InvalidInputException.class, () -> RecommendationJson.read("""
                {"constraints": {"deploymentMode": "mars", "maxP95LatencyMs": "fast"},
                 "weights": {"quality": "high"}, "workload": {"requestsPerMonth": 10}}""")).violations().stream()
                .map(FieldViolation::field).toList();
        assertEquals(List.of("task", "constraints.deploymentMode", "constraints.maxP95LatencyMs", "weights.quality",
                "workload.inputTokens", "workload.outputTokens"), fields);
    }
}
