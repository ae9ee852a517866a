package io.fmp.eval.encoders;

import io.fmp.eval.datasets.Banking77;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.eval.metrics.Bootstrap;
import io.fmp.eval.metrics.Classification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo use case end to end in plain Java: Banking77 test split, all-MiniLM-L6-v2 zero-shot. */
class ZeroShotBanking77Test {

    @Test
    void theShippedEncoderRoutesBankingQueriesFarAboveChance() throws Exception {
        Banking77.Split split = Banking77.load();
        List<String> labels = split.train().stream().map(DatasetExample::label).distinct().sorted().toList();
        ZeroShotClassifier classifier = ZeroShotClassifier.fromLabelNames(EmbeddedEncoder.ALL_MINILM_L6_V2, labels, 64);

        List<DatasetExample> test = split.test();
        List<ZeroShotClassifier.Prediction> predictions = classifier.classify(test.stream().map(DatasetExample::input).toList());
        Classification.Report report = Classification.report(test.stream().map(DatasetExample::label).toList(),
                predictions.stream().map(ZeroShotClassifier.Prediction::label).toList());

        List<double[]> perExample = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            perExample.add(new double[]{test.get(i).label().equals(predictions.get(i).label()) ? 1 : 0, 1});
        }
        Bootstrap.Interval interval = Bootstrap.seeded(42).interval(perExample, s -> s[0] / s[1]);
        System.out.printf("Banking77 test split (%d examples), all-MiniLM-L6-v2 zero-shot: accuracy %.4f (95%% CI %.4f-%.4f), macro F1 %.4f%n",
                test.size(), report.accuracy(), interval.lower(), interval.upper(), report.macroF1());
        // chance is 1/77 = 0.013; label names alone carry much of the intent
        assertTrue(report.accuracy() > 0.25, "accuracy " + report.accuracy());
        assertEquals(report.accuracy(), interval.score(), 1e-12);
        assertEquals(77, report.perClass().size());
    }

    @Test
    void encodersAreNamedAsCatalogEndpoints() {
        assertEquals(EmbeddedEncoder.ALL_MINILM_L6_V2, EmbeddedEncoder.ofEndpoint("embedded:all-minilm-l6-v2"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddedEncoder.ofEndpoint("embedded:gpt-4o"));
        List<float[]> vectors = EmbeddedEncoder.ALL_MINILM_L6_V2.encode(List.of("Where is my card?",
                "My card has not arrived yet", "What is the exchange rate?"), 2);
        assertEquals(384, vectors.get(0).length);
        double same = dot(vectors.get(0), vectors.get(1));
        double other = dot(vectors.get(0), vectors.get(2));
        assertTrue(same > other, "paraphrases are closer than other intents: " + same + " vs " + other);
        assertEquals(1.0, dot(vectors.get(2), vectors.get(2)), 1e-5);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
