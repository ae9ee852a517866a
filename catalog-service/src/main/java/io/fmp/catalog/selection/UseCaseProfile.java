package io.fmp.catalog.selection;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * A use case as the selection engine sees it.
 *
 * @param task         Hugging Face pipeline tag the model must support
 * @param qualitySuite the eval suite whose primary metric defines quality (named in explanations)
 */
public record UseCaseProfile(String name, String task, Constraints constraints, Weights weights, String qualitySuite) {

    public void requireValid() {
        List<FieldViolation> violations = new ArrayList<>();
        if (task == null || task.isBlank()) {
            violations.add(new FieldViolation("task", "is required, e.g. text-classification"));
        }
        if (weights == null) {
            violations.add(new FieldViolation("weights", "is required"));
        } else {
            violations.addAll(weights.violations());
        }
        if (constraints != null) {
            positive(violations, "constraints.maxP95LatencyMs", constraints.maxP95LatencyMs());
            positive(violations, "constraints.maxCostPer1000Requests", constraints.maxCostPer1000Requests());
            positive(violations, "constraints.maxGpuMemoryGb", constraints.maxGpuMemoryGb());
            if (constraints.minContextWindow() != null && constraints.minContextWindow() < 1) {
                violations.add(new FieldViolation("constraints.minContextWindow", "must be at least 1"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private static void positive(List<FieldViolation> violations, String field, Double value) {
        if (value != null && !(value > 0)) {
            violations.add(new FieldViolation(field, "must be positive, was " + value));
        }
    }
}
