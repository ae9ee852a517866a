package io.fmp.contracts.events;

/** {@code tuning.cancelled} on {@link Topics#TUNING}: a queued or running job was stopped. Subject: the job id. */
public record TuningCancelled(String jobId, String baseModelId) {
}
