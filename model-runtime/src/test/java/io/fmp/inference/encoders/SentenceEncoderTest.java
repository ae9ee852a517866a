package io.fmp.inference.encoders;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceEncoderTest {

    static final List<String> QUERIES = List.of("Where is my card?", "My card has not arrived yet",
            "What is the exchange rate?", "I was charged twice for the same coffee, please refund one of them",
            "Can I top up my account with Apple Pay?", "why is my transfer still pending after three days",
            "Card declined at the shop", "How do I verify my identity?", "Is there a fee for ATM withdrawals abroad?",
            "I think someone stole my phone and is using the app");

    @Test
    void encodersAreNamedAsCatalogEndpoints() {
        assertEquals(SentenceEncoder.ALL_MINILM_L6_V2, SentenceEncoder.require("embedded:all-minilm-l6-v2"));
        assertEquals(SentenceEncoder.BGE_SMALL_EN_V15, SentenceEncoder.require("embedded:BGE-small-en-v15"));
        assertTrue(SentenceEncoder.ofEndpoint("embedded:gpt-4o").isEmpty());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SentenceEncoder.require("embedded:gpt-4o"));
        assertTrue(unknown.getMessage().contains("all-minilm-l6-v2"), unknown.getMessage());
    }

    @Test
    void paraphrasesAreCloserThanOtherIntentsAndVectorsHaveUnitLength() {
        List<float[]> vectors = SentenceEncoder.ALL_MINILM_L6_V2.encode(QUERIES.subList(0, 3));
        assertEquals(384, vectors.get(0).length);
        double same = dot(vectors.get(0), vectors.get(1));
        double other = dot(vectors.get(0), vectors.get(2));
        assertTrue(same > other, "paraphrases are closer than other intents: " + same + " vs " + other);
        assertEquals(1.0, dot(vectors.get(2), vectors.get(2)), 1e-6);
    }

    @Test
    void aTextsEmbeddingIsTheSameAloneAndInAnyBatchToTheBit() {
        for (SentenceEncoder encoder : SentenceEncoder.values()) {
            List<String> shuffled = new ArrayList<>(QUERIES);
            Collections.shuffle(shuffled, new Random(7));
            List<float[]> together = encoder.encode(shuffled);
            for (int i = 0; i < shuffled.size(); i++) {
                float[] alone = encoder.encode(List.of(shuffled.get(i))).get(0);
                assertArrayEquals(alone, together.get(i), 0f, encoder + ": " + shuffled.get(i));
            }
        }
    }

    /** The peer implementation: langchain4j's ONNX embedding models on the same files, one text at a time. */
    @Test
    void computesWhatLangchain4jComputesOnTheSameModels() {
        compare(SentenceEncoder.ALL_MINILM_L6_V2, new AllMiniLmL6V2EmbeddingModel());
        compare(SentenceEncoder.BGE_SMALL_EN_V15, new BgeSmallEnV15EmbeddingModel());
    }

    @Test
    void longTextsAreCutWhereTheModelsLibraryCutsThem() {
        String longText = String.join(" ", Collections.nCopies(400, "card"));
        assertEquals(256, SentenceEncoder.ALL_MINILM_L6_V2.tokens(longText));
        assertEquals(512, SentenceEncoder.BGE_SMALL_EN_V15.tokens(longText + " " + longText));
        assertEquals(7, SentenceEncoder.ALL_MINILM_L6_V2.tokens("Where is my card?"), "[CLS] where is my card ? [SEP]");
    }

    private static void compare(SentenceEncoder encoder, EmbeddingModel peer) {
        List<float[]> ours = encoder.encode(QUERIES);
        for (int i = 0; i < QUERIES.size(); i++) {
            float[] theirs = peer.embed(TextSegment.from(QUERIES.get(i))).content().vector();
            assertArrayEquals(theirs, ours.get(i), 1e-6f, encoder + ": " + QUERIES.get(i));
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
