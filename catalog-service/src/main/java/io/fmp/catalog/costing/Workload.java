package io.fmp.catalog.costing;

/**
 * The traffic a use case brings.
 *
 * @param requestsPerMonth requests in a month
 * @param inputTokens      prompt tokens per request (average)
 * @param outputTokens     generated tokens per request (average)
 */
public record Workload(long requestsPerMonth, int inputTokens, int outputTokens) {

    public Workload {
        if (requestsPerMonth < 0 || inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("a workload cannot be negative");
        }
    }

    public double tokensPerMonth() {
        return (double) requestsPerMonth * (inputTokens + outputTokens);
    }
}
