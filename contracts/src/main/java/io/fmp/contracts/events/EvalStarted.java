package io.fmp.contracts.events;

/**
 * {@code eval.started} on {@link Topics#EVAL}: a run was queued (who asked is the envelope's actor). Subject: the
 * model id.
 *
 * @param adapter how the model is reached (embedded-encoder, openai-chat, ...)
 */
public record EvalStarted(String runId, String modelId, String suite, int suiteVersion, String project,
                          String adapter, long examples) {
}
