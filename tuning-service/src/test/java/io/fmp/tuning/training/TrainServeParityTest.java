package io.fmp.tuning.training;

import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.inference.heads.DenseHead;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a job measures is what serving computes: a head trained here on embeddings of a batch of
 * texts, written as its artifact and read back the way eval-service and serving read it, gives the
 * same logits, to the bit, for each text encoded on its own.
 */
class TrainServeParityTest {

    private static final Map<String, List<String>> INTENTS = Map.of(
            "card_arrival", List.of("Where is my card?", "My new card has not arrived yet",
                    "How long does card delivery take?", "Still waiting for the card you sent",
                    "When will my card get here?", "the card never came in the post"),
            "exchange_rate", List.of("What is the exchange rate today?", "How much are euros in dollars?",
                    "Which rate do you use to convert currencies?", "Is the conversion rate fixed?",
                    "What rate will I get for pounds?", "how do you calculate exchange rates"),
            "pin_blocked", List.of("My PIN is blocked", "I entered the wrong PIN three times",
                    "How do I unblock my PIN?", "PIN locked after too many tries",
                    "Can you reset my blocked pin", "the machine says my PIN is blocked"));

    @Test
    void trainedLogitsEqualServedLogitsForEveryInput() {
        List<String> labels = INTENTS.keySet().stream().sorted().toList();
        List<String> texts = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        labels.forEach(label -> INTENTS.get(label).forEach(text -> {
            texts.add(text);
            classes.add(labels.indexOf(label));
        }));
        SentenceEncoder encoder = SentenceEncoder.ALL_MINILM_L6_V2;
        float[][] x = encoder.encode(texts).toArray(float[][]::new);
        int[] y = classes.stream().mapToInt(Integer::intValue).toArray();

        for (int hidden : new int[]{0, 16}) {
            HeadTrainer.Result trained = HeadTrainer.train(x, y, x, y, labels.size(),
                    new HeadTrainer.Config(hidden, 0.05, 30, 4, 1e-4, 11, 0, true, 0), null, (m, c) -> true);
            byte[] artifact = HeadArtifact.json(HeadArtifact.of(trained.head(), "embedded:" + encoder.id(), labels,
                    Map.of("test", "parity")));
            DenseHead served = DenseHead.read(artifact);
            int correct = 0;
            for (int i = 0; i < texts.size(); i++) {
                float[] atTraining = trained.head().logits(x[i]);
                float[] atServing = served.logits(encoder.encode(List.of(texts.get(i))).get(0));
                assertArrayEquals(atTraining, atServing, 0f, "hidden " + hidden + ": " + texts.get(i));
                correct += served.label(encoder.encode(List.of(texts.get(i))).get(0)).equals(labels.get(y[i])) ? 1 : 0;
            }
            assertEquals(texts.size(), correct, "a head fits its own 18 training texts");
        }
    }
}
