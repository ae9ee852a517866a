package io.fmp.contracts.events;

/**
 * {@code eval.progress} on {@link Topics#EVAL}: how far a running evaluation is. Emitted at most
 * every few seconds per run and at every tenth of the work. Subject: the model id.
 *
 * @param done              examples with a result (scored or failed), including earlier attempts of the run
 * @param failed            examples whose call failed for good (recorded with their error)
 * @param cached            examples answered from the response cache
 * @param examplesPerSecond rate since the run's current attempt started
 * @param etaSeconds        estimated seconds to finish; null while no rate is known
 */
public record EvalProgress(String runId, String modelId, String suite, long done, long total, long failed,
                           long cached, double percent, double examplesPerSecond, Double etaSeconds) {
}
