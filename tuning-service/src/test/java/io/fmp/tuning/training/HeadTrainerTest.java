package io.fmp.tuning.training;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadTrainerTest {

    /** Points around one centre per class, with {@code noise} of the labels flipped. */
    private record Data(float[][] x, int[] y) {
        static Data clusters(int perClass, int classes, int dims, double noise, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[][] centres = new float[classes][dims];
            for (int c = 0; c < classes; c++) {
                centres[c][c % dims] = 3;
            }
            float[][] x = new float[perClass * classes][dims];
            int[] y = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                int c = i % classes;
                for (int d = 0; d < dims; d++) {
                    x[i][d] = (float) (centres[c][d] + random.nextGaussian());
                }
                y[i] = random.nextDouble() < noise ? random.nextInt(classes) : c;
            }
            return new Data(x, y);
        }

        /** Two classes no line separates: the sign of x0 * x1. */
        static Data xor(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[][] x = new float[n][2];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                x[i][0] = (float) (random.nextDouble() * 2 - 1);
                x[i][1] = (float) (random.nextDouble() * 2 - 1);
                y[i] = x[i][0] * x[i][1] > 0 ? 1 : 0;
            }
            return new Data(x, y);
        }
    }

    private static final HeadTrainer.Listener ALWAYS = (metrics, checkpoint) -> true;

    private static HeadTrainer.Config config(int hidden, int epochs, int patience) {
        return new HeadTrainer.Config(hidden, 0.01, epochs, 32, 1e-4, 7, patience, false, 0);
    }

    private static double accuracy(HeadTrainer.Head head, Data data) {
        int correct = 0;
        for (int i = 0; i < data.x().length; i++) {
            correct += head.predict(data.x()[i]) == data.y()[i] ? 1 : 0;
        }
        return (double) correct / data.x().length;
    }

    @Test
    void softmaxRegressionLearnsSeparableClassesAndTheSameSeedGivesTheSameHead() {
        Data train = Data.clusters(100, 4, 8, 0, 1);
        Data validation = Data.clusters(25, 4, 8, 0, 2);
        HeadTrainer.Result first = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 4,
                config(0, 20, 0), null, ALWAYS);
        HeadTrainer.Result second = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 4,
                config(0, 20, 0), null, ALWAYS);

        assertTrue(accuracy(first.head(), validation) > 0.9, "accuracy " + accuracy(first.head(), validation));
        assertEquals(20, first.history().size());
        assertTrue(first.history().get(19).trainLoss() < first.history().get(0).trainLoss() / 2);
        for (int layer = 0; layer < first.head().weights().size(); layer++) {
            assertArrayEquals(first.head().weights().get(layer), second.head().weights().get(layer));
        }
        HeadTrainer.Result otherSeed = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 4,
                new HeadTrainer.Config(0, 0.01, 20, 32, 1e-4, 8, 0, false, 0), null, ALWAYS);
        assertFalse(java.util.Arrays.equals(first.head().weights().get(0), otherSeed.head().weights().get(0)),
                "the seed decides the shuffle");
    }

    @Test
    void aHiddenLayerLearnsWhatNoLinearHeadCan() {
        Data train = Data.xor(2000, 3);
        Data validation = Data.xor(400, 4);
        HeadTrainer.Config linear = new HeadTrainer.Config(0, 0.01, 40, 32, 0, 7, 0, false, 0);
        HeadTrainer.Config mlp = new HeadTrainer.Config(16, 0.01, 40, 32, 0, 7, 0, false, 0);

        double linearAccuracy = accuracy(HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 2,
                linear, null, ALWAYS).head(), validation);
        double mlpAccuracy = accuracy(HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 2,
                mlp, null, ALWAYS).head(), validation);

        assertTrue(linearAccuracy < 0.7, "linear " + linearAccuracy);
        assertTrue(mlpAccuracy > 0.9, "MLP " + mlpAccuracy);
    }

    @Test
    void trainingResumedFromACheckpointEndsExactlyWhereUninterruptedTrainingEnds() {
        Data train = Data.clusters(60, 3, 6, 0.1, 5);
        Data validation = Data.clusters(20, 3, 6, 0.1, 6);
        HeadTrainer.Config config = config(8, 12, 0);
        HeadTrainer.Result whole = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3, config,
                null, ALWAYS);

        byte[][] saved = new byte[1][];
        HeadTrainer.Result interrupted = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3,
                config, null, (metrics, checkpoint) -> {
                    saved[0] = checkpoint.toBytes();
                    return metrics.epoch() < 5;
                });
        assertTrue(interrupted.cancelled());
        HeadTrainer.Checkpoint checkpoint = HeadTrainer.Checkpoint.fromBytes(saved[0]);
        assertEquals(5, checkpoint.epoch());
        HeadTrainer.Result resumed = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3, config,
                checkpoint, ALWAYS);

        assertEquals(whole.history(), resumed.history());
        assertEquals(whole.bestEpoch(), resumed.bestEpoch());
        for (int layer = 0; layer < whole.head().weights().size(); layer++) {
            assertArrayEquals(whole.head().weights().get(layer), resumed.head().weights().get(layer));
            assertArrayEquals(whole.head().biases().get(layer), resumed.head().biases().get(layer));
        }
    }

    @Test
    void earlyStoppingEndsAfterPatienceEpochsAndRestoresTheBestEpoch() {
        // noisy labels and a large step: validation loss turns up after a few epochs
        Data train = Data.clusters(40, 3, 6, 0.4, 9);
        Data validation = Data.clusters(40, 3, 6, 0.4, 10);
        HeadTrainer.Config early = new HeadTrainer.Config(32, 0.05, 200, 8, 0, 7, 3, false, 0);
        HeadTrainer.Result result = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3, early,
                null, ALWAYS);

        assertTrue(result.stoppedEarly());
        assertTrue(result.history().size() < 200);
        assertEquals(result.history().size() - 3, result.bestEpoch());
        double bestLoss = result.history().stream().mapToDouble(HeadTrainer.EpochMetrics::validationLoss).min()
                .orElseThrow();
        assertEquals(bestLoss, result.history().get(result.bestEpoch() - 1).validationLoss());

        // the head is the best epoch's: training exactly that many epochs gives the same weights
        HeadTrainer.Result upToBest = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3,
                new HeadTrainer.Config(32, 0.05, result.bestEpoch(), 8, 0, 7, 0, false, 0), null, ALWAYS);
        assertArrayEquals(upToBest.head().weights().get(1), result.head().weights().get(1));
    }

    @Test
    void aCheckpointTakenAfterStoppingResumesStoppedAndWithoutValidationTheLastEpochIsTheHead() {
        Data train = Data.clusters(40, 3, 6, 0.4, 9);
        Data validation = Data.clusters(40, 3, 6, 0.4, 10);
        HeadTrainer.Config early = new HeadTrainer.Config(32, 0.05, 200, 8, 0, 7, 3, false, 0);
        byte[][] last = new byte[1][];
        HeadTrainer.Result stopped = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3, early,
                null, (metrics, checkpoint) -> {
                    last[0] = checkpoint.toBytes();
                    return true;
                });
        HeadTrainer.Result resumed = HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3, early,
                HeadTrainer.Checkpoint.fromBytes(last[0]), ALWAYS);
        assertEquals(stopped.history(), resumed.history(), "no epoch after the stop");
        assertArrayEquals(stopped.head().weights().get(1), resumed.head().weights().get(1));

        // a refit: no validation split, so the head is the last epoch's weights, not a "best" one
        HeadTrainer.Result refit = HeadTrainer.train(train.x(), train.y(), new float[0][], new int[0], 3,
                new HeadTrainer.Config(32, 0.05, 12, 8, 0, 7, 0, false, 0), null, ALWAYS);
        float[][] lastEpoch = new float[1][];
        HeadTrainer.train(train.x(), train.y(), validation.x(), validation.y(), 3,
                new HeadTrainer.Config(32, 0.05, 12, 8, 0, 7, 0, false, 0), null, (metrics, checkpoint) -> {
                    lastEpoch[0] = checkpoint.head.weights.get(1).clone();
                    return true;
                });
        assertEquals(12, refit.bestEpoch());
        assertArrayEquals(lastEpoch[0], refit.head().weights().get(1));
    }
}
