package io.fmp.catalog.costing;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * The traffic a use case brings.
 *
 * @param requestsPerMonth requests in a month
 * @param inputTokens      prompt tokens per request (average)
 * @param outputTokens     generated tokens per request (average)
 */
public record Workload(long requestsPerMonth, int inputTokens, int outputTokens) {

    public Workload {
        List<FieldViolation> violations = new ArrayList<>();
        if (requestsPerMonth < 1) {
            violations.add(new FieldViolation("workload.requestsPerMonth", "must be at least 1, was " + requestsPerMonth));
        }
        if (inputTokens < 0) {
            violations.add(new FieldViolation("workload.inputTokens", "must not be negative, was " + inputTokens));
        }
        if (outputTokens < 0) {
            violations.add(new FieldViolation("workload.outputTokens", "must not be negative, was " + outputTokens));
        }
        if (inputTokens + outputTokens < 1 && inputTokens >= 0 && outputTokens >= 0) {
            violations.add(new FieldViolation("workload", "a request needs at least one input or output token"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    public double tokensPerMonth() {
        return (double) requestsPerMonth * (inputTokens + outputTokens);
    }
}
