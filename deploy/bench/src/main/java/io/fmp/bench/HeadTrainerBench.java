package io.fmp.bench;

import io.fmp.eval.datasets.Banking77;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.tuning.training.HeadTrainer;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The Banking77 head, side by side with scikit-learn's LogisticRegression (the field's reference,
 * Debian's python3-sklearn, run from here on the same vectors) and Tribuo 4.3.2 (Apache-2.0) on the same frozen
 * all-MiniLM-L6-v2 embeddings and the same splits (the dataset's own 8,005 / 1,000 / 998): the
 * platform's HeadTrainer with the job defaults (softmax regression, Adam 0.01, batch 64, L2 1e-5,
 * early stopping on validation accuracy, patience 6, best epoch restored) against Tribuo's logistic
 * regression (its defaults: AdaGrad, 5 epochs, batch 1), the same for 20 epochs, and its linear
 * SGD trainer with Adam at our rate and batch, for the epoch count our early stopping chose and
 * for 100 (Tribuo's SGD trainers have no validation-based early stopping). Training time
 * only (embeddings computed once, before); test accuracy.
 * Usage: deploy/bench/head-trainer.sh
 */
public class HeadTrainerBench {

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        Banking77.Split split = Banking77.load();
        List<String> labels = new ArrayList<>(new TreeSet<>(split.train().stream().map(DatasetExample::label).toList()));
        long embedStart = System.nanoTime();
        float[][] train = embed(split.train());
        float[][] validation = embed(split.validation());
        float[][] test = embed(split.test());
        System.out.printf(Locale.ROOT, "cores %d; embedded %d texts in %.1f s (all-MiniLM-L6-v2, once for all rows)%n",
                Runtime.getRuntime().availableProcessors(), train.length + validation.length + test.length,
                (System.nanoTime() - embedStart) / 1e9);
        int[] trainY = classes(split.train(), labels);
        int[] validationY = classes(split.validation(), labels);
        int[] testY = classes(split.test(), labels);
        System.out.printf("%-72s %10s %8s%n", "trainer", "train s", "test acc");

        HeadTrainer.Result ours = null;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT
            long start = System.nanoTime();
            ours = HeadTrainer.train(train, trainY, validation, validationY, labels.size(),
                    new HeadTrainer.Config(0, 0.01, 100, 64, 1e-5, 42, 6, true, 0), null, (m, c) -> true);
            if (round == 1) {
                System.out.printf(Locale.ROOT, "%-72s %10.2f %8.4f%n", "platform HeadTrainer (best epoch "
                                + ours.bestEpoch() + " of " + ours.history().size() + ", early stopping)",
                        (System.nanoTime() - start) / 1e9, accuracy(ours.head(), test, testY));
            }
        }

        // the epoch count early stopping chose, trained again on train + validation (no validation left to stop on)
        float[][] both = concat(train, validation);
        int[] bothY = java.util.stream.IntStream.concat(java.util.Arrays.stream(trainY),
                java.util.Arrays.stream(validationY)).toArray();
        long refitStart = System.nanoTime();
        HeadTrainer.Result refit = HeadTrainer.train(both, bothY, validation, validationY, labels.size(),
                new HeadTrainer.Config(0, 0.01, ours.bestEpoch(), 64, 1e-5, 42, 0, true, 0), null, (m, c) -> true);
        System.out.printf(Locale.ROOT, "%-72s %10.2f %8.4f%n", "platform HeadTrainer, " + ours.bestEpoch()
                        + " epochs on train + validation", (System.nanoTime() - refitStart) / 1e9,
                accuracy(refit.head(), test, testY));
        ScikitLearn.compare(train, trainY, validation, validationY, test, testY);

        MutableDataset<Label> trainSet = dataset(split.train(), train);
        MutableDataset<Label> testSet = dataset(split.test(), test);
        tribuo("Tribuo LogisticRegressionTrainer (defaults: AdaGrad, 5 epochs, batch 1)",
                new LogisticRegressionTrainer(), trainSet, testSet);
        tribuo("Tribuo LinearSGDTrainer, AdaGrad 1.0, batch 1, 20 epochs",
                new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), 20, -1, 1, 42), trainSet, testSet);
        tribuo("Tribuo LinearSGDTrainer, Adam 0.01, batch 64, " + ours.bestEpoch() + " epochs",
                new LinearSGDTrainer(new LogMulticlass(), new Adam(0.01, 0.9, 0.999, 1e-8), ours.bestEpoch(), -1, 64,
                        42), trainSet, testSet);
        tribuo("Tribuo LinearSGDTrainer, Adam 0.01, batch 64, 100 epochs",
                new LinearSGDTrainer(new LogMulticlass(), new Adam(0.01, 0.9, 0.999, 1e-8), 100, -1, 64, 42),
                trainSet, testSet);
    }

    static double accuracy(HeadTrainer.Head head, float[][] x, int[] y) {
        int correct = 0;
        for (int i = 0; i < x.length; i++) {
            correct += head.predict(x[i]) == y[i] ? 1 : 0;
        }
        return (double) correct / x.length;
    }

    static float[][] concat(float[][] a, float[][] b) {
        float[][] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static void tribuo(String name, Trainer<Label> trainer, MutableDataset<Label> trainSet,
                       MutableDataset<Label> testSet) {
        trainer.train(trainSet); // warms the JIT
        long start = System.nanoTime();
        var model = trainer.train(trainSet);
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = new LabelEvaluator().evaluate(model, testSet).accuracy();
        System.out.printf(Locale.ROOT, "%-72s %10.2f %8.4f%n", name, seconds, accuracy);
    }

    static float[][] embed(List<DatasetExample> examples) {
        return SentenceEncoder.ALL_MINILM_L6_V2.encode(examples.stream().map(DatasetExample::input).toList())
                .toArray(new float[0][]);
    }

    static int[] classes(List<DatasetExample> examples, List<String> labels) {
        return examples.stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
    }

    static MutableDataset<Label> dataset(List<DatasetExample> examples, float[][] vectors) {
        String[] names = new String[vectors[0].length];
        for (int i = 0; i < names.length; i++) {
            names[i] = String.format("d%03d", i);
        }
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("banking77", factory),
                factory);
        for (int i = 0; i < vectors.length; i++) {
            double[] values = new double[vectors[i].length];
            for (int d = 0; d < values.length; d++) {
                values[d] = vectors[i][d];
            }
            dataset.add(new ArrayExample<>(new Label(examples.get(i).label()), names, values));
        }
        return dataset;
    }
}
