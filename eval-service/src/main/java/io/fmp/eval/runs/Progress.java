package io.fmp.eval.runs;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a run stands: share done, the rate of its current attempt (examples handled since the
 * attempt started, over the time since), and the time left at that rate.
 *
 * @param etaSeconds null while no rate is known
 */
public record Progress(long done, long total, long failed, long cached, double percent, double examplesPerSecond,
                       Double etaSeconds) {

    public static Progress of(long done, long total, long failed, long cached, Instant attemptStartedAt,
                              long doneAtAttemptStart, Instant now) {
        double percent = total == 0 ? 100 : 100.0 * done / total;
        double rate = 0;
        Double eta = null;
        if (attemptStartedAt != null) {
            double seconds = Duration.between(attemptStartedAt, now).toNanos() / 1e9;
            long handled = done - doneAtAttemptStart;
            if (seconds > 0 && handled > 0) {
                rate = handled / seconds;
                eta = (total - done) / rate;
            }
        }
        if (done >= total) {
            eta = 0.0;
        }
        return new Progress(done, total, failed, cached, percent, rate, eta);
    }

    /** e.g. "45.0 % (449/998), 230.1 examples/s, ETA 2 s, 3 failed, 120 cached" */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%.1f %% (%d/%d), %.1f examples/s, ETA %s, %d failed, %d cached",
                percent, done, total, examplesPerSecond, etaSeconds == null ? "unknown" : Math.round(etaSeconds) + " s",
                failed, cached);
    }
}
