package io.fmp.contracts.events;

/** {@code tuning.failed} on {@link Topics#TUNING}: a job ended without a model. Subject: the job id. */
public record TuningFailed(String jobId, String baseModelId, String reason) {
}
