package io.fmp.tuning.training;

import io.fmp.inference.heads.Dense;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a classification head on frozen embeddings: softmax regression, or one hidden ReLU layer
 * and softmax, with L2 regularisation and Adam, a validation pass every epoch, early stopping that
 * restores the best epoch, and a checkpoint after every epoch from which training resumes exactly.
 * Inputs are the encoder's unit-length embeddings as they are: standardising them measured worse
 * on Banking77 (test accuracy 0.91 against 0.92, docs/bench/tuning.md). Deterministic: the same data, configuration and seed give the same head, resumed or not
 * (each epoch's shuffle comes from the seed and the epoch alone). Plain Java, one thread. The
 * forward pass is model-runtime's {@link Dense}, the one evaluation and serving run, so the logits a
 * job reports are the logits the served head computes.
 */
public final class HeadTrainer {

    /**
     * @param hidden      units of the hidden layer; 0 = softmax regression
     * @param patience    epochs without improvement before stopping; 0 = train every epoch
     * @param byAccuracy  the validation metric that decides the best epoch: accuracy (else loss)
     * @param minDelta    the least change that counts as improvement
     */
    public record Config(int hidden, double learningRate, int epochs, int batchSize, double l2, long seed,
                         int patience, boolean byAccuracy, double minDelta) {
    }

    /** @param step optimizer steps so far */
    public record EpochMetrics(int epoch, long step, double trainLoss, double validationLoss,
                               double validationAccuracy) {
    }

    /** Called after every epoch; return false to stop (a cancelled job). */
    public interface Listener {
        boolean epochDone(EpochMetrics metrics, Checkpoint checkpoint);
    }

    /** The head: dense layers, weights row-major [out][in]; the hidden layer (if any) first. */
    public record Head(List<float[]> weights, List<float[]> biases, int dims, int hidden, int classes) {

        public float[] logits(float[] embedding) {
            return HeadTrainer.forward(this, embedding, null);
        }

        public int predict(float[] embedding) {
            return Dense.argmax(logits(embedding));
        }
    }

    /** @param bestEpoch the epoch whose weights the head has (1-based) */
    public record Result(Head head, int bestEpoch, List<EpochMetrics> history, boolean stoppedEarly,
                         boolean cancelled) {
    }

    private HeadTrainer() {
    }

    /**
     * @param resume a checkpoint of an earlier attempt of the same training, or null
     */
    public static Result train(float[][] x, int[] y, float[][] validationX, int[] validationY, int classes,
                               Config config, Checkpoint resume, Listener listener) {
        int dims = x[0].length;
        Checkpoint state = resume != null ? resume : Checkpoint.start(dims, classes, config);
        int[] order = new int[x.length];
        Gradients gradients = new Gradients(state.head);
        boolean cancelled = false;
        // a checkpoint taken after early stopping had stopped resumes as stopped, not with one more epoch
        boolean stopped = resume != null && config.patience() > 0 && state.sinceBest >= config.patience();
        boolean validated = validationX.length > 0;
        while (state.epoch < config.epochs() && !stopped) {
            int epoch = state.epoch + 1;
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            shuffle(order, new SplittableRandom(config.seed() * 1_000_003L + epoch));
            double lossSum = 0;
            for (int from = 0; from < order.length; from += config.batchSize()) {
                int to = Math.min(order.length, from + config.batchSize());
                gradients.clear();
                for (int k = from; k < to; k++) {
                    lossSum += gradients.add(state.head, x[order[k]], y[order[k]]);
                }
                state.adamStep(gradients, to - from, config);
            }
            double[] validation = evaluate(state.head, validationX, validationY);
            EpochMetrics metrics = new EpochMetrics(epoch, state.step, lossSum / x.length, validation[0], validation[1]);
            state.epoch = epoch;
            state.history.add(metrics);
            double score = config.byAccuracy() ? validation[1] : -validation[0];
            // without a validation split (a refit on train + validation) the last epoch is the head
            if (!validated || state.bestEpoch == 0 || score > state.bestScore + config.minDelta()) {
                state.bestScore = score;
                state.bestEpoch = epoch;
                state.best = state.head.copy();
                state.sinceBest = 0;
            } else {
                state.sinceBest++;
                stopped = config.patience() > 0 && state.sinceBest >= config.patience();
            }
            if (!listener.epochDone(metrics, state)) {
                cancelled = true;
                break;
            }
        }
        return new Result(state.best.toHead(), state.bestEpoch,
                List.copyOf(state.history), stopped, cancelled);
    }

    /** [mean cross-entropy, accuracy] */
    static double[] evaluate(Weights head, float[][] xs, int[] y) {
        if (xs.length == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < xs.length; i++) {
            float[] logits = forward(head, xs[i], null);
            double[] p = softmax(logits);
            loss -= Math.log(Math.max(p[y[i]], 1e-12));
            int best = 0;
            for (int c = 1; c < logits.length; c++) {
                if (logits[c] > logits[best]) {
                    best = c;
                }
            }
            correct += best == y[i] ? 1 : 0;
        }
        return new double[]{loss / xs.length, (double) correct / xs.length};
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** Logits for a standardised input; fills {@code hiddenOut} (post-ReLU) when given and there is a hidden layer. */
    static float[] forward(Weights w, float[] x, float[] hiddenOut) {
        return forward(w.weights, w.biases, w.dims, w.hidden, w.classes, x, hiddenOut);
    }

    private static float[] forward(Head h, float[] x, float[] hiddenOut) {
        return forward(h.weights(), h.biases(), h.dims(), h.hidden(), h.classes(), x, hiddenOut);
    }

    private static float[] forward(List<float[]> weights, List<float[]> biases, int dims, int hidden, int classes,
                                   float[] x, float[] hiddenOut) {
        float[] input = x;
        int inputs = dims;
        int layer = 0;
        if (hidden > 0) {
            float[] h = hiddenOut != null ? hiddenOut : new float[hidden];
            Dense.forward(weights.get(0), biases.get(0), input, inputs, h, hidden, true);
            input = h;
            inputs = hidden;
            layer = 1;
        }
        float[] logits = new float[classes];
        Dense.forward(weights.get(layer), biases.get(layer), input, inputs, logits, classes, false);
        return logits;
    }

    /** Weights and biases while training (also the optimizer's moments, in the same shapes). */
    static final class Weights {
        final List<float[]> weights;
        final List<float[]> biases;
        final int dims;
        final int hidden;
        final int classes;

        Weights(List<float[]> weights, List<float[]> biases, int dims, int hidden, int classes) {
            this.weights = weights;
            this.biases = biases;
            this.dims = dims;
            this.hidden = hidden;
            this.classes = classes;
        }

        static Weights zeros(int dims, int hidden, int classes) {
            List<float[]> w = new ArrayList<>();
            List<float[]> b = new ArrayList<>();
            if (hidden > 0) {
                w.add(new float[hidden * dims]);
                b.add(new float[hidden]);
                w.add(new float[classes * hidden]);
            } else {
                w.add(new float[classes * dims]);
            }
            b.add(new float[classes]);
            return new Weights(w, b, dims, hidden, classes);
        }

        Weights copy() {
            return new Weights(weights.stream().map(float[]::clone).toList(), biases.stream().map(float[]::clone).toList(),
                    dims, hidden, classes);
        }

        Head toHead() {
            return new Head(weights.stream().map(float[]::clone).toList(), biases.stream().map(float[]::clone).toList(),
                    dims, hidden, classes);
        }
    }

    /** Summed gradients of a batch. */
    private static final class Gradients {
        final Weights sum;
        final float[] hiddenOut;
        final float[] hiddenGrad;

        Gradients(Weights shape) {
            this.sum = Weights.zeros(shape.dims, shape.hidden, shape.classes);
            this.hiddenOut = new float[Math.max(1, shape.hidden)];
            this.hiddenGrad = new float[Math.max(1, shape.hidden)];
        }

        void clear() {
            sum.weights.forEach(a -> java.util.Arrays.fill(a, 0));
            sum.biases.forEach(a -> java.util.Arrays.fill(a, 0));
        }

        /** Adds one example's gradient; returns its loss. */
        double add(Weights w, float[] x, int label) {
            float[] logits = forward(w, x, w.hidden > 0 ? hiddenOut : null);
            double[] p = softmax(logits);
            double loss = -Math.log(Math.max(p[label], 1e-12));
            int outLayer = w.hidden > 0 ? 1 : 0;
            float[] input = w.hidden > 0 ? hiddenOut : x;
            int inputs = w.hidden > 0 ? w.hidden : w.dims;
            float[] gw = sum.weights.get(outLayer);
            float[] gb = sum.biases.get(outLayer);
            if (w.hidden > 0) {
                java.util.Arrays.fill(hiddenGrad, 0);
            }
            float[] wOut = w.weights.get(outLayer);
            for (int c = 0; c < w.classes; c++) {
                float g = (float) (p[c] - (c == label ? 1 : 0));
                gb[c] += g;
                int row = c * inputs;
                for (int i = 0; i < inputs; i++) {
                    gw[row + i] += g * input[i];
                }
                if (w.hidden > 0) {
                    for (int u = 0; u < inputs; u++) {
                        hiddenGrad[u] += g * wOut[row + u];
                    }
                }
            }
            if (w.hidden > 0) {
                float[] g1 = sum.weights.get(0);
                float[] b1 = sum.biases.get(0);
                for (int u = 0; u < w.hidden; u++) {
                    if (hiddenOut[u] <= 0) {
                        continue;
                    }
                    float g = hiddenGrad[u];
                    b1[u] += g;
                    int row = u * w.dims;
                    for (int i = 0; i < w.dims; i++) {
                        g1[row + i] += g * x[i];
                    }
                }
            }
            return loss;
        }
    }

    /** Everything training needs to continue after an epoch, as bytes for the job's checkpoint. */
    public static final class Checkpoint {
        private static final int FORMAT = 1;
        int epoch;
        long step;
        Weights head;
        Weights firstMoment;
        Weights secondMoment;
        Weights best;
        int bestEpoch;
        double bestScore;
        int sinceBest;
        final List<EpochMetrics> history = new ArrayList<>();

        public int epoch() {
            return epoch;
        }

        static Checkpoint start(int dims, int classes, Config config) {
            Checkpoint c = new Checkpoint();
            c.head = Weights.zeros(dims, config.hidden(), classes);
            if (config.hidden() > 0) {
                // He initialisation of the hidden layer, from the seed
                SplittableRandom random = new SplittableRandom(config.seed());
                float[] w1 = c.head.weights.get(0);
                double spread = Math.sqrt(2.0 / dims);
                for (int i = 0; i < w1.length; i++) {
                    w1[i] = (float) (random.nextGaussian() * spread);
                }
                float[] w2 = c.head.weights.get(1);
                double spread2 = Math.sqrt(1.0 / config.hidden());
                for (int i = 0; i < w2.length; i++) {
                    w2[i] = (float) (random.nextGaussian() * spread2);
                }
            }
            c.firstMoment = Weights.zeros(dims, config.hidden(), classes);
            c.secondMoment = Weights.zeros(dims, config.hidden(), classes);
            c.best = c.head.copy();
            return c;
        }

        /** One Adam step on the mean gradient of a batch, L2 on the weights (not the biases). */
        void adamStep(Gradients gradients, int batch, Config config) {
            step++;
            double beta1 = 0.9;
            double beta2 = 0.999;
            double correction1 = 1 - Math.pow(beta1, step);
            double correction2 = 1 - Math.pow(beta2, step);
            double rate = config.learningRate() * Math.sqrt(correction2) / correction1;
            for (int t = 0; t < head.weights.size(); t++) {
                update(head.weights.get(t), gradients.sum.weights.get(t), firstMoment.weights.get(t),
                        secondMoment.weights.get(t), batch, config.l2(), rate, beta1, beta2);
            }
            for (int t = 0; t < head.biases.size(); t++) {
                update(head.biases.get(t), gradients.sum.biases.get(t), firstMoment.biases.get(t),
                        secondMoment.biases.get(t), batch, 0, rate, beta1, beta2);
            }
        }

        private static void update(float[] w, float[] g, float[] m, float[] v, int batch, double l2, double rate,
                                   double beta1, double beta2) {
            for (int i = 0; i < w.length; i++) {
                double grad = g[i] / batch + l2 * w[i];
                m[i] = (float) (beta1 * m[i] + (1 - beta1) * grad);
                v[i] = (float) (beta2 * v[i] + (1 - beta2) * grad * grad);
                w[i] -= (float) (rate * m[i] / (Math.sqrt(v[i]) + 1e-8));
            }
        }

        public byte[] toBytes() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(FORMAT);
                out.writeInt(epoch);
                out.writeLong(step);
                out.writeInt(head.dims);
                out.writeInt(head.hidden);
                out.writeInt(head.classes);
                for (Weights w : List.of(head, firstMoment, secondMoment, best)) {
                    for (float[] a : w.weights) {
                        write(out, a);
                    }
                    for (float[] a : w.biases) {
                        write(out, a);
                    }
                }
                out.writeInt(bestEpoch);
                out.writeDouble(bestScore);
                out.writeInt(sinceBest);
                out.writeInt(history.size());
                for (EpochMetrics m : history) {
                    out.writeInt(m.epoch());
                    out.writeLong(m.step());
                    out.writeDouble(m.trainLoss());
                    out.writeDouble(m.validationLoss());
                    out.writeDouble(m.validationAccuracy());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        public static Checkpoint fromBytes(byte[] data) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                if (in.readInt() != FORMAT) {
                    throw new IllegalArgumentException("unknown checkpoint format");
                }
                Checkpoint c = new Checkpoint();
                c.epoch = in.readInt();
                c.step = in.readLong();
                int dims = in.readInt();
                int hidden = in.readInt();
                int classes = in.readInt();
                Weights[] all = new Weights[4];
                for (int k = 0; k < 4; k++) {
                    Weights w = Weights.zeros(dims, hidden, classes);
                    for (int t = 0; t < w.weights.size(); t++) {
                        w.weights.set(t, read(in));
                    }
                    for (int t = 0; t < w.biases.size(); t++) {
                        w.biases.set(t, read(in));
                    }
                    all[k] = w;
                }
                c.head = all[0];
                c.firstMoment = all[1];
                c.secondMoment = all[2];
                c.best = all[3];
                c.bestEpoch = in.readInt();
                c.bestScore = in.readDouble();
                c.sinceBest = in.readInt();
                int epochs = in.readInt();
                for (int i = 0; i < epochs; i++) {
                    c.history.add(new EpochMetrics(in.readInt(), in.readLong(), in.readDouble(), in.readDouble(),
                            in.readDouble()));
                }
                return c;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void write(DataOutputStream out, float[] values) throws IOException {
            out.writeInt(values.length);
            for (float v : values) {
                out.writeFloat(v);
            }
        }

        private static float[] read(DataInputStream in) throws IOException {
            float[] values = new float[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            return values;
        }
    }
}
