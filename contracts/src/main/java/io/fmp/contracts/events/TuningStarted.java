package io.fmp.contracts.events;

/**
 * {@code tuning.started} on {@link Topics#TUNING}: a tuning job was queued (who asked is the envelope's actor).
 * Subject: the job id.
 *
 * @param dataset        the training dataset and its version
 * @param estimatedUsd   the cost estimate the job was admitted on
 */
public record TuningStarted(String jobId, String baseModelId, String project, String method, String dataset,
                            int datasetVersion, double estimatedUsd) {
}
