package io.fmp.contracts.events;

/**
 * {@code eval.failed} on {@link Topics#EVAL}: an evaluation run ended without a result, e.g. because
 * too many examples failed or the model could not be loaded. Its per-example results and cached
 * responses stay, so a new run of the same suite and model starts where this one got. Subject: the model id.
 */
public record EvalFailed(String runId, String modelId, String suite, int suiteVersion, String reason, long done,
                         long failed) {
}
