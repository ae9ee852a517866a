package io.fmp.inference.heads;

/**
 * The one affine kernel of every classification head: training (tuning-service's trainer),
 * evaluation and serving all call it, so a head gives the same logits, to the bit, wherever it runs.
 * Sums are accumulated in double, in input order, and rounded to float once per output.
 */
public final class Dense {

    private Dense() {
    }

    /**
     * {@code out[o] = b[o] + sum_i w[o * inputs + i] * in[i]} for each of {@code outputs} outputs;
     * weights row-major [outputs][inputs]. With {@code relu}, negative outputs become 0.
     */
    public static void forward(float[] w, float[] b, float[] in, int inputs, float[] out, int outputs, boolean relu) {
        for (int o = 0; o < outputs; o++) {
            double sum = b[o];
            int row = o * inputs;
            for (int i = 0; i < inputs; i++) {
                sum += w[row + i] * in[i];
            }
            float value = (float) sum;
            out[o] = relu && value < 0 ? 0 : value;
        }
    }

    /** The index of the largest value (the first of equals). */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
