package io.fmp.eval.monitoring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drift statistics on vectors whose distributions are known. */
class InputDriftTest {

    private static final int DIMENSIONS = 32;
    private final InputDrift drift = new InputDrift(200, 0.01, 0.1);

    @Test
    void aWindowFromTheReferenceDistributionDoesNotDrift() {
        SplittableRandom random = new SplittableRandom(1);
        InputDrift.Reference reference = new InputDrift.Reference(cluster(axis(0), 0.6, 500, random));
        int drifted = 0;
        double pValues = 0;
        for (int w = 0; w < 20; w++) {
            InputDrift.Result result = drift.measure(reference, cluster(axis(0), 0.6, 60, random), w);
            drifted += result.drifted() ? 1 : 0;
            pValues += result.pValue();
            assertTrue(result.outOfDomainShare() < 0.1, "about 1 % are outside the reference's 99 %: "
                    + result.outOfDomainShare());
        }
        assertEquals(0, drifted, "windows from the reference's own distribution");
        // under the null hypothesis p-values are uniform: their mean is near 0.5
        assertTrue(pValues / 20 > 0.3 && pValues / 20 < 0.7, "mean p-value " + pValues / 20);
    }

    @Test
    void aWindowFromElsewhereDriftsWithTheSmallestPValueThePermutationsAllow() {
        SplittableRandom random = new SplittableRandom(2);
        InputDrift.Reference reference = new InputDrift.Reference(cluster(axis(0), 0.6, 500, random));
        InputDrift.Result result = drift.measure(reference, cluster(axis(1), 0.6, 60, random), 7);
        assertTrue(result.drifted());
        assertEquals(1.0 / 201, result.pValue(), 1e-12, "no permutation is as far apart as the real split");
        assertTrue(result.outOfDomainShare() > 0.9, "share " + result.outOfDomainShare());
        assertTrue(result.centroidDistance() > 0.5, "distance " + result.centroidDistance());
        assertEquals(60, result.inputs());
        assertEquals(500, result.referenceInputs());
    }

    @Test
    void aSignificantButImmaterialShiftIsNotDrift() {
        // every input a little off-centre: the means differ measurably, but each input still looks like the reference
        SplittableRandom random = new SplittableRandom(3);
        InputDrift.Reference reference = new InputDrift.Reference(cluster(axis(0), 0.6, 2000, random));
        float[] tilted = unit(new float[DIMENSIONS]);
        tilted[0] = 1f;
        tilted[1] = 0.25f;
        InputDrift.Result result = drift.measure(reference, cluster(unit(tilted), 0.6, 400, random), 11);
        assertTrue(result.pValue() < 0.01, "significant: p " + result.pValue());
        assertTrue(result.outOfDomainShare() < 0.1, "immaterial: " + result.outOfDomainShare());
        assertFalse(result.drifted());
    }

    @Test
    void theSameWindowAndSeedGiveTheSameMeasurement() {
        SplittableRandom random = new SplittableRandom(4);
        InputDrift.Reference reference = new InputDrift.Reference(cluster(axis(0), 0.6, 300, random));
        List<float[]> window = cluster(axis(0), 0.6, 40, random);
        assertEquals(drift.measure(reference, window, 5), drift.measure(reference, window, 5));
    }

    @Test
    void aReferenceNeedsTwentyInputs() {
        assertThrows(IllegalArgumentException.class, () -> new InputDrift.Reference(cluster(axis(0), 0.6, 19,
                new SplittableRandom(5))));
    }

    /** Unit vectors scattered around {@code centre} (noise of the given size per dimension, then normalised). */
    private static List<float[]> cluster(float[] centre, double noise, int count, SplittableRandom random) {
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] v = new float[DIMENSIONS];
            for (int d = 0; d < DIMENSIONS; d++) {
                v[d] = (float) (centre[d] + noise * gaussian(random) / Math.sqrt(DIMENSIONS));
            }
            vectors.add(unit(v));
        }
        return vectors;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static float[] axis(int d) {
        float[] v = new float[DIMENSIONS];
        v[d] = 1;
        return v;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            return v;
        }
        for (int d = 0; d < v.length; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
