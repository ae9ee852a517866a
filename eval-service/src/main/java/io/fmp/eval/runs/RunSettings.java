package io.fmp.eval.runs;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * How a run calls its model and computes its intervals; zeros in a request mean "the default".
 *
 * @param maxErrorRate share of examples that may fail for good before the run fails
 */
public record RunSettings(int concurrency, int timeoutMs, int maxRetries, double requestsPerSecond,
                          long tokensPerMinute, int batchSize, double maxErrorRate, int bootstrapResamples,
                          long bootstrapSeed, boolean stream) {

    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int DEFAULT_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_MAX_RETRIES = 4;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final double DEFAULT_MAX_ERROR_RATE = 0.1;
    public static final int DEFAULT_RESAMPLES = 1000;
    public static final long DEFAULT_SEED = 12345;

    /** Fills in defaults for zeros and checks every range, reporting all problems at once. */
    public static RunSettings of(int concurrency, int timeoutMs, int maxRetries, double requestsPerSecond,
                                 long tokensPerMinute, int batchSize, double maxErrorRate, int bootstrapResamples,
                                 long bootstrapSeed, boolean stream) {
        List<FieldViolation> violations = new ArrayList<>();
        range(violations, "settings.concurrency", concurrency, 0, 256);
        range(violations, "settings.timeoutMs", timeoutMs, 0, 600_000);
        if (timeoutMs != 0 && timeoutMs < 100) {
            violations.add(new FieldViolation("settings.timeoutMs", "must be at least 100"));
        }
        range(violations, "settings.maxRetries", maxRetries, 0, 10);
        range(violations, "settings.requestsPerSecond", requestsPerSecond, 0, 10_000);
        range(violations, "settings.tokensPerMinute", tokensPerMinute, 0, 1_000_000_000);
        range(violations, "settings.batchSize", batchSize, 0, 1024);
        range(violations, "settings.maxErrorRate", maxErrorRate, 0, 1);
        range(violations, "settings.bootstrapResamples", bootstrapResamples, 0, 100_000);
        if (bootstrapResamples != 0 && bootstrapResamples < 100) {
            violations.add(new FieldViolation("settings.bootstrapResamples", "must be at least 100"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new RunSettings(or(concurrency, DEFAULT_CONCURRENCY), or(timeoutMs, DEFAULT_TIMEOUT_MS),
                maxRetries == 0 ? DEFAULT_MAX_RETRIES : maxRetries, requestsPerSecond, tokensPerMinute,
                or(batchSize, DEFAULT_BATCH_SIZE), maxErrorRate == 0 ? DEFAULT_MAX_ERROR_RATE : maxErrorRate,
                or(bootstrapResamples, DEFAULT_RESAMPLES), bootstrapSeed == 0 ? DEFAULT_SEED : bootstrapSeed, stream);
    }

    public static RunSettings defaults() {
        return of(0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }

    private static int or(int value, int fallback) {
        return value == 0 ? fallback : value;
    }

    private static void range(List<FieldViolation> violations, String field, double value, double min, double max) {
        if (Double.isNaN(value) || value < min || value > max) {
            violations.add(new FieldViolation(field, "must be between " + format(min) + " and " + format(max)
                    + " (0 = default), was " + format(value)));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
