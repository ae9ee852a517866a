package io.fmp.tuning.jobs;

import io.fmp.platform.work.LeasedQueue;
import io.fmp.tuning.costing.TuningCostEstimator;

import java.util.Map;

/** Runs a claimed job where its executor kind says: here on the CPU, or as a Kubernetes Job. */
public interface JobExecutor {

    ExecutorKind kind();

    /** What trains a job, for the tuned model's code version (trainer class or image). */
    String trainer(JobSpec spec);

    /**
     * Trains (or resumes training of) the job. Reports progress through the ledger as it goes;
     * returns {@link Outcome#stopped()} when the ledger says the job is no longer this claim's
     * (cancelled, taken over).
     *
     * @throws JobFailure           for a failure retrying cannot fix (the job fails with its message)
     * @throws InterruptedException when the service shuts down (the job is resumed at the next start)
     */
    Outcome execute(LeasedQueue.Lease claim, TuningJob job) throws InterruptedException;

    /** Stops and removes what runs outside this process for a job that was cancelled. */
    default void cancel(TuningJob job) {
    }

    /** How an attempt ended: trained (with what to register) or stopped. */
    record Outcome(boolean trained, String artifactUri, Map<String, Double> metrics, String datasetSha256,
                   TuningCostEstimator.Estimate actual) {

        public static Outcome trained(String artifactUri, Map<String, Double> metrics, String datasetSha256,
                                      TuningCostEstimator.Estimate actual) {
            return new Outcome(true, artifactUri, Map.copyOf(metrics), datasetSha256, actual);
        }

        public static Outcome stopped() {
            return new Outcome(false, null, Map.of(), null, null);
        }
    }

    /** A failure of the job itself (bad data, the trainer failed for good): no retry. */
    final class JobFailure extends RuntimeException {
        public JobFailure(String message) {
            super(message);
        }
    }
}
