package io.fmp.contracts.events;

/**
 * {@code tuning.progress} on {@link Topics#TUNING}: how far a tuning job is, at every epoch (and at
 * most every few seconds otherwise). Subject: the job id.
 *
 * @param phase      preparing-data, embedding, training, pending, running, registering
 * @param evalLoss   null before the first validation
 * @param etaSeconds null while unknown
 */
public record TuningProgress(String jobId, String baseModelId, String state, String phase, int epoch, int epochs,
                             long step, long steps, Double loss, Double evalLoss, double percent, Double etaSeconds) {
}
