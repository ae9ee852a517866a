package io.fmp.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every seed-corpus number that sacreBLEU 2.6.0 printed, to 1e-9 relative. */
class SeedCorpusParityTest {

    static List<String> hyp;
    static List<String> ref1;
    static List<String> ref2;
    static JsonNode expected;

    @BeforeAll
    static void load() throws IOException {
        hyp = lines("hyp.txt");
        ref1 = lines("ref1.txt");
        ref2 = lines("ref2.txt");
        try (InputStream in = SeedCorpusParityTest.class.getResourceAsStream("/metric-vectors/expected.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        assertEquals(400, hyp.size());
        assertEquals(400, ref1.size());
        assertEquals(400, ref2.size());
    }

    static List<String> lines(String name) throws IOException {
        try (InputStream in = SeedCorpusParityTest.class.getResourceAsStream("/metric-vectors/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\n", -1));
            // a final newline ends the last line, it does not start another
            return text.endsWith("\n") ? lines.subList(0, lines.size() - 1) : lines;
        }
    }

    static void assertClose(double expectedValue, double actual, String what) {
        double tolerance = 1e-9 * Math.max(1, Math.abs(expectedValue));
        assertTrue(Math.abs(expectedValue - actual) <= tolerance,
                what + ": expected " + expectedValue + ", got " + actual);
    }

    @Test
    void corpusBleuWithOneAndTwoReferencesLowercaseAndIntl() {
        Bleu bleu = Bleu.corpusDefaults();
        assertClose(expected.get("bleu_1ref").asDouble(), bleu.corpusScore(hyp, List.of(ref1)).score(), "bleu_1ref");
        assertClose(expected.get("bleu_2ref").asDouble(), bleu.corpusScore(hyp, List.of(ref1, ref2)).score(), "bleu_2ref");
        assertClose(expected.get("bleu_1ref_lc").asDouble(),
                bleu.with(BleuTokenizer.THIRTEEN_A, true).corpusScore(hyp, List.of(ref1)).score(), "bleu_1ref_lc");
        assertClose(expected.get("bleu_1ref_intl").asDouble(),
                bleu.with(BleuTokenizer.INTL, false).corpusScore(hyp, List.of(ref1)).score(), "bleu_1ref_intl");
    }

    @Test
    void corpusChrfAndChrfPlusPlus() {
        assertClose(expected.get("chrf_1ref").asDouble(), Chrf.chrf().corpusScore(hyp, List.of(ref1)), "chrf_1ref");
        assertClose(expected.get("chrf_2ref").asDouble(), Chrf.chrf().corpusScore(hyp, List.of(ref1, ref2)), "chrf_2ref");
        assertClose(expected.get("chrfpp_1ref").asDouble(), Chrf.chrfPlusPlus().corpusScore(hyp, List.of(ref1)),
                "chrfpp_1ref");
    }

    @Test
    void corpusTer() {
        assertClose(expected.get("ter_1ref").asDouble(), new Ter().corpusScore(hyp, List.of(ref1)), "ter_1ref");
    }

    @Test
    void sentenceBleuAndChrfForEachOfTheFirst300Segments() {
        JsonNode bleu = expected.get("sentence_bleu_1ref");
        JsonNode chrf = expected.get("sentence_chrf_1ref");
        assertEquals(300, bleu.size());
        for (int i = 0; i < bleu.size(); i++) {
            assertClose(bleu.get(i).asDouble(), Bleu.sentenceDefaults().sentenceScore(hyp.get(i), List.of(ref1.get(i))).score(),
                    "sentence BLEU of segment " + i);
            assertClose(chrf.get(i).asDouble(), Chrf.chrf().sentenceScore(hyp.get(i), List.of(ref1.get(i))),
                    "sentence chrF of segment " + i);
        }
    }

    @Test
    void signaturesAreSacreBleus() {
        assertEquals("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0", Bleu.corpusDefaults().signature("1"));
        assertEquals("nrefs:2|case:lc|eff:yes|tok:intl|smooth:floor[0.10]|version:2.6.0", Bleu.sentenceDefaults()
                .with(BleuTokenizer.INTL, true).withSmoothing(Bleu.Smoothing.FLOOR, null).signature("2"));
        assertEquals("nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.6.0", Chrf.chrfPlusPlus().signature("1"));
    }
}
