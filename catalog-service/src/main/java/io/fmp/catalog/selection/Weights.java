package io.fmp.catalog.selection;

import io.fmp.contracts.errors.FieldViolation;

import java.util.ArrayList;
import java.util.List;

/** How much quality, speed, cost and risk matter for a use case; normalised to sum to 1. */
public record Weights(double quality, double speed, double cost, double risk) {

    public List<FieldViolation> violations() {
        List<FieldViolation> violations = new ArrayList<>();
        check(violations, "weights.quality", quality);
        check(violations, "weights.speed", speed);
        check(violations, "weights.cost", cost);
        check(violations, "weights.risk", risk);
        if (violations.isEmpty() && quality + speed + cost + risk <= 0) {
            violations.add(new FieldViolation("weights", "at least one weight must be positive"));
        }
        return violations;
    }

    public Weights normalised() {
        double sum = quality + speed + cost + risk;
        return new Weights(quality / sum, speed / sum, cost / sum, risk / sum);
    }

    private static void check(List<FieldViolation> violations, String field, double value) {
        if (!(value >= 0 && value <= 1000)) {
            violations.add(new FieldViolation(field, "must be between 0 and 1000, was " + value));
        }
    }
}
