package io.fmp.contracts.events;

/**
 * {@code eval.cancelled} on {@link Topics#EVAL}: a queued or running run was stopped; what it stored stays.
 * Subject: the model id.
 */
public record EvalCancelled(String runId, String modelId, String suite, int suiteVersion, long done, long total) {
}
