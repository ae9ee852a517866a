package io.fmp.contracts.events;

/**
 * {@code eval.completed} on {@link Topics#EVAL}: an evaluation run finished. Subject: the model id.
 * The catalog keeps the latest result per model and suite for model selection.
 *
 * @param metric       name of the suite's primary metric, e.g. {@code accuracy}
 * @param value        the metric, 0 to 1, higher is better
 * @param p95LatencyMs p95 latency measured during the run, null if not measured
 */
public record EvalCompleted(String runId, String modelId, String suite, String metric, double value,
                            Double p95LatencyMs, long examples) {
}
