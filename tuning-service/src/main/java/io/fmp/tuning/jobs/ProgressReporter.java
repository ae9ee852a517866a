package io.fmp.tuning.jobs;

import io.fmp.platform.work.LeasedQueue;
import java.time.Duration;

/**
 * Writes an attempt's progress through the ledger (which also renews its lease): every call is
 * stored, a {@code tuning.progress} event goes out at milestones and otherwise at most every
 * {@code every}. Without an ETA from the executor, it extrapolates one from the attempt's pace.
 */
public final class ProgressReporter {

    private final JobLedger ledger;
    private final LeasedQueue.Lease claim;
    private final long everyNanos;
    private final long startedNanos = System.nanoTime();
    private final double startPercent;
    private long lastEmitNanos = Long.MIN_VALUE;

    /** @param startPercent where the attempt began (a resumed job does not start at 0) */
    public ProgressReporter(JobLedger ledger, LeasedQueue.Lease claim, Duration every, double startPercent) {
        this.ledger = ledger;
        this.claim = claim;
        this.everyNanos = every.toNanos();
        this.startPercent = startPercent;
    }

    /** @return false when the job is no longer this attempt's to run */
    public boolean report(JobLedger.Update update, boolean milestone) {
        long now = System.nanoTime();
        boolean emit = milestone || lastEmitNanos == Long.MIN_VALUE || now - lastEmitNanos >= everyNanos;
        if (emit) {
            lastEmitNanos = now;
        }
        JobLedger.Update withEta = update.etaSeconds() != null ? update : new JobLedger.Update(update.phase(),
                update.epoch(), update.epochs(), update.step(), update.steps(), update.loss(), update.evalLoss(),
                update.evalAccuracy(), update.percent(), eta(update.percent(), now));
        return ledger.progress(claim, withEta, emit);
    }

    /** The rest of the work at the pace of the work done so far; null until there is a pace. */
    private Double eta(double percent, long now) {
        double done = percent - startPercent;
        double seconds = (now - startedNanos) / 1e9;
        if (done <= 0.5 || seconds < 1) {
            return null;
        }
        return seconds / done * (100 - percent);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
