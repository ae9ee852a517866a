package io.fmp.eval.monitoring;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Input drift of a window of live inputs against a reference (a suite's dataset), in an encoder's embedding space.
 * Plain arithmetic on unit-length vectors, so it is tested without a service.
 *
 * <ul>
 *   <li><b>Centroid distance</b>: how far the window's mean embedding is from the reference's.</li>
 *   <li><b>p-value</b>: a permutation test of that distance. The window and an equal share of the reference are pooled
 *   and split at random {@code permutations} times; the p-value is the share of splits at least as far apart as the
 *   real one (+1 smoothing). Small: the window is unlikely to come from the reference.</li>
 *   <li><b>Out-of-domain share</b>: the share of the window whose nearest reference example is less similar than that
 *   of 99 % of the reference's own examples (each against the others). About 1 % when nothing drifted.</li>
 * </ul>
 * A window drifts when the difference is both significant (p below {@code maxPValue}) and material (at least
 * {@code minOutOfDomainShare} out of domain): real traffic always differs a little from a curated dataset.
 */
public final class InputDrift {

    /** The measurement; {@code referenceInputs} is how many reference vectors it compared with. */
    public record Result(int inputs, int referenceInputs, double centroidDistance, double pValue,
                         double outOfDomainShare, boolean drifted) {
    }

    /** The reference, prepared once: its vectors, its centroid and its nearest-neighbour similarity floor. */
    public static final class Reference {
        private final float[][] vectors;
        private final double[] centroid;
        private final double nearestFloor;

        public Reference(List<float[]> vectors) {
            if (vectors.size() < 20) {
                throw new IllegalArgumentException("a reference needs at least 20 inputs, not " + vectors.size());
            }
            this.vectors = vectors.toArray(new float[0][]);
            this.centroid = mean(this.vectors, 0, this.vectors.length, null);
            double[] nearest = new double[this.vectors.length];
            for (int i = 0; i < this.vectors.length; i++) {
                nearest[i] = nearestSimilarity(this.vectors[i], i);
            }
            Arrays.sort(nearest);
            this.nearestFloor = nearest[(int) Math.floor(0.01 * (nearest.length - 1))];
        }

        public int size() {
            return vectors.length;
        }

        /** The similarity to the nearest reference vector, leaving out index {@code skip} (-1: none). */
        double nearestSimilarity(float[] v, int skip) {
            double best = -2;
            for (int j = 0; j < vectors.length; j++) {
                if (j != skip) {
                    best = Math.max(best, dot(v, vectors[j]));
                }
            }
            return best;
        }
    }

    private final int permutations;
    private final double maxPValue;
    private final double minOutOfDomainShare;

    public InputDrift(int permutations, double maxPValue, double minOutOfDomainShare) {
        this.permutations = permutations;
        this.maxPValue = maxPValue;
        this.minOutOfDomainShare = minOutOfDomainShare;
    }

    public Result measure(Reference reference, List<float[]> window, long seed) {
        float[][] live = window.toArray(new float[0][]);
        double observed = distance(mean(live, 0, live.length, null), reference.centroid);

        // the pool: the window and at most four times as many reference vectors, drawn with the seed
        SplittableRandom random = new SplittableRandom(seed);
        int drawn = Math.min(reference.vectors.length, 4 * live.length);
        int[] order = shuffled(reference.vectors.length, random);
        float[][] pool = new float[live.length + drawn][];
        System.arraycopy(live, 0, pool, 0, live.length);
        for (int i = 0; i < drawn; i++) {
            pool[live.length + i] = reference.vectors[order[i]];
        }
        int atLeast = 0;
        for (int p = 0; p < permutations; p++) {
            int[] split = shuffled(pool.length, random);
            double[] first = mean(pool, 0, live.length, split);
            double[] second = mean(pool, live.length, pool.length, split);
            if (distance(first, second) >= observed) {
                atLeast++;
            }
        }
        double pValue = (atLeast + 1.0) / (permutations + 1.0);

        int outside = 0;
        for (float[] v : live) {
            if (reference.nearestSimilarity(v, -1) < reference.nearestFloor) {
                outside++;
            }
        }
        double share = outside / (double) live.length;
        return new Result(live.length, reference.vectors.length, observed, pValue, share,
                pValue < maxPValue && share >= minOutOfDomainShare);
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The mean of {@code vectors[index[from..to)]} (index null: in order). */
    private static double[] mean(float[][] vectors, int from, int to, int[] index) {
        double[] sum = new double[vectors[0].length];
        for (int i = from; i < to; i++) {
            float[] v = vectors[index == null ? i : index[i]];
            for (int d = 0; d < sum.length; d++) {
                sum[d] += v[d];
            }
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= (to - from);
        }
        return sum;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double x = a[d] - b[d];
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
