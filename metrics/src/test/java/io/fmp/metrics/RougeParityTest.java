package io.fmp.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** rouge-score 0.1.2 on the seed corpus (target = ref1, prediction = hyp) and its own test cases. */
class RougeParityTest {

    @Test
    void everySeedPairWithoutStemmer() throws Exception {
        assertSeedPairs("rouge", Rouge.withoutStemmer());
    }

    @Test
    void everySeedPairWithThePorterStemmer() throws Exception {
        assertSeedPairs("rouge_stem", Rouge.withStemmer());
    }

    @Test
    void tokensAsPythonsLowerAndRegexMakeThem() {
        // rouge_score.tokenize.tokenize(text, None) in Python 3.11
        assertEquals(List.of("i", "stanbul", "kelvin", "stra", "e", "bc", "12"),
                Rouge.withoutStemmer().tokenize("İstanbul \u212aelvin Straße ÄBC 12"));
        // Python: [c for c in range(128, 0x110000) if re.search('[a-z0-9]', chr(c).lower())] == [0x130, 0x212a];
        // Java's lower case agrees, which is what lets the tokenizer skip lower-casing other code points
        List<Integer> becomeAscii = new java.util.ArrayList<>();
        for (int c = 128; c <= Character.MAX_CODE_POINT; c++) {
            if (!Character.isSurrogate((char) c) || c > 0xffff) {
                String lower = new String(Character.toChars(c)).toLowerCase(java.util.Locale.ROOT);
                if (lower.chars().anyMatch(ch -> (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) {
                    becomeAscii.add(c);
                }
            }
        }
        assertEquals(List.of(0x130, 0x212a), becomeAscii);
    }

    @Test
    void theBitParallelLcsEqualsTheTable() {
        java.util.Random random = new java.util.Random(17);
        for (int trial = 0; trial < 5000; trial++) {
            int[] target = random.ints(1 + random.nextInt(64), 1, 2 + random.nextInt(12)).toArray();
            int[] prediction = random.ints(1 + random.nextInt(80), 1, 2 + random.nextInt(14)).toArray();
            assertEquals(Rouge.lcsLength(target, prediction), Rouge.lcsLengthBitParallel(target, prediction),
                    java.util.Arrays.toString(target) + " / " + java.util.Arrays.toString(prediction));
        }
    }

    private static void assertSeedPairs(String key, Rouge rouge) throws Exception {
        SeedCorpusParityTest.load();
        JsonNode expected = SeedCorpusParityTest.expected.get(key);
        assertEquals(300, expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Rouge.Score> scores = rouge.score(SeedCorpusParityTest.ref1.get(i), SeedCorpusParityTest.hyp.get(i),
                    Rouge.TYPES);
            for (String type : Rouge.TYPES) {
                JsonNode prf = expected.get(i).get(type);
                Rouge.Score score = scores.get(type);
                SeedCorpusParityTest.assertClose(prf.get(0).asDouble(), score.precision(), type + " precision of pair " + i);
                SeedCorpusParityTest.assertClose(prf.get(1).asDouble(), score.recall(), type + " recall of pair " + i);
                SeedCorpusParityTest.assertClose(prf.get(2).asDouble(), score.fmeasure(), type + " F of pair " + i);
            }
        }
    }

    @Test
    void theStemmerMatchesNltkOnItsDocumentedExamples() {
        PorterStemmer porter = new PorterStemmer();
        String[][] cases = {{"caresses", "caress"}, {"ponies", "poni"}, {"ties", "tie"}, {"cats", "cat"},
                {"agreed", "agre"}, {"plastered", "plaster"}, {"motoring", "motor"}, {"sing", "sing"},
                {"conflated", "conflat"}, {"hopping", "hop"}, {"falling", "fall"}, {"filing", "file"},
                {"happy", "happi"}, {"enjoy", "enjoy"}, {"relational", "relat"}, {"conditional", "condit"},
                {"generalization", "gener"}, {"dying", "die"}, {"skies", "sky"}, {"spied", "spi"}, {"died", "die"},
                {"radically", "radic"}, {"hopefully", "hope"}, {"analogies", "analog"}};
        for (String[] c : cases) {
            assertEquals(c[1], porter.stem(c[0]), c[0]);
        }
    }

    @Test
    void rougeScoresOwnCases() {
        Rouge rouge = Rouge.withoutStemmer();
        assertEquals(new Rouge.Score(1, 1.0 / 3, 0.5), rouge.score("testing one two", "testing", List.of("rouge1")).get("rouge1"));
        assertEquals(new Rouge.Score(1, 0.5, 2.0 / 3), rouge.score("testing one two", "testing one", List.of("rouge2")).get("rouge2"));
        Rouge.Score lcs = rouge.score("testing one two", "testing two", List.of("rougeL")).get("rougeL");
        assertEquals(1.0, lcs.precision());
        assertEquals(2.0 / 3, lcs.recall(), 1e-15);
        assertEquals(0.8, lcs.fmeasure(), 1e-15);
        assertEquals(new Rouge.Score(0, 0, 0), rouge.score("testing one two", "", List.of("rouge1")).get("rouge1"));
        Rouge.Score sum = rouge.score("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", List.of("rougeLsum")).get("rougeLsum");
        assertEquals(0.8, sum.recall(), 1e-12);
        assertEquals(0.4, sum.precision(), 1e-12);
        assertEquals(0.5333, sum.fmeasure(), 1e-4);
        assertEquals(0.0, rouge.score("w1 w2 w3 w4 w5", "/", List.of("rougeLsum")).get("rougeLsum").fmeasure());
        assertEquals(List.of(1, 2, 3), Rouge.lcsIndices(List.of("1", "2", "3", "4", "5"), List.of("2", "5", "3", "4")));
        assertThrows(IllegalArgumentException.class, () -> rouge.score("a", "a", List.of("rougeX")));
    }

    @Test
    void longNgramsOverManyDistinctTokensTakeTheGeneralPath() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("w").append(i).append(' ');
        }
        // rouge9 packs ids in 7 bits: 200 distinct tokens do not fit, so n-grams are counted as lists
        Rouge.Score rouge9 = Rouge.withoutStemmer().score(text.toString(), text.toString().replace("w100 ", ""),
                List.of("rouge9")).get("rouge9");
        assertEquals(183.0 / 191, rouge9.precision(), 1e-12);
        assertEquals(183.0 / 192, rouge9.recall(), 1e-12);
    }
}
