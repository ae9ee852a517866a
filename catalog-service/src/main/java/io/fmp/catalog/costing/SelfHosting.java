package io.fmp.catalog.costing;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model would be served on own hardware.
 *
 * @param gpusPerReplica     GPUs one serving replica needs (from the fit estimate)
 * @param gpuHourlyUsd       price of one GPU hour (cloud list price or amortised on-prem cost)
 * @param gpuPowerWatts      board power of one GPU
 * @param tokensPerSecond    tokens (input + output) one replica processes per second at full load
 * @param targetUtilisation  how busy a replica may run on average (0 to 1), headroom for peaks
 * @param pue                data-centre power usage effectiveness (1.0 to about 2)
 * @param gridGramsCo2PerKwh carbon intensity of the electricity
 */
public record SelfHosting(int gpusPerReplica, double gpuHourlyUsd, double gpuPowerWatts, double tokensPerSecond,
                          double targetUtilisation, double pue, double gridGramsCo2PerKwh) {

    public SelfHosting {
        List<FieldViolation> violations = new ArrayList<>();
        check(violations, "gpusPerReplica", gpusPerReplica >= 1 && gpusPerReplica <= 64, "between 1 and 64", gpusPerReplica);
        check(violations, "gpuHourlyUsd", gpuHourlyUsd >= 0, "0 or more", gpuHourlyUsd);
        check(violations, "gpuPowerWatts", gpuPowerWatts >= 0, "0 or more", gpuPowerWatts);
        check(violations, "tokensPerSecond", tokensPerSecond > 0, "positive", tokensPerSecond);
        check(violations, "targetUtilisation", targetUtilisation > 0 && targetUtilisation <= 1,
                "above 0 and at most 1", targetUtilisation);
        check(violations, "pue", pue >= 1 && pue <= 3, "between 1 and 3", pue);
        check(violations, "gridGramsCo2PerKwh", gridGramsCo2PerKwh >= 0, "0 or more", gridGramsCo2PerKwh);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private static void check(List<FieldViolation> violations, String field, boolean ok, String expected, Object actual) {
        if (!ok) {
            violations.add(new FieldViolation("selfHosted." + field, "must be " + expected + ", was " + actual));
        }
    }
}
