package io.fmp.catalog.selection;

import java.util.List;

/**
 * What was measured for each candidate of one use case, by the candidate's position in the list the
 * engine ranks; NaN means unknown. Arrays instead of per-candidate objects: the engine checks every
 * model of the catalog on every call and only builds objects for the ones it returns.
 */
public record Measurements(double[] quality, double[] p95LatencyMs, double[] costPer1000Requests) {

    public static Measurements unknown(int size) {
        double[] quality = new double[size];
        double[] p95 = new double[size];
        double[] cost = new double[size];
        java.util.Arrays.fill(quality, Double.NaN);
        java.util.Arrays.fill(p95, Double.NaN);
        java.util.Arrays.fill(cost, Double.NaN);
        return new Measurements(quality, p95, cost);
    }

    /** The measurements the candidates carry themselves. */
    public static Measurements of(List<Candidate> candidates) {
        Measurements m = unknown(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            m.quality[i] = c.quality() == null ? Double.NaN : c.quality();
            m.p95LatencyMs[i] = c.p95LatencyMs() == null ? Double.NaN : c.p95LatencyMs();
            m.costPer1000Requests[i] = c.costPer1000Requests() == null ? Double.NaN : c.costPer1000Requests();
        }
        return m;
    }

    /** The candidate at position i with its measurements. */
    Candidate apply(Candidate candidate, int i) {
        return candidate.measured(boxed(quality[i]), boxed(p95LatencyMs[i]), boxed(costPer1000Requests[i]));
    }

    private static Double boxed(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
