package io.fmp.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cases from sacreBLEU's own test suite (test_bleu.py, test_sentence_bleu.py, test_chrf.py). */
class PublicVectorsTest {

    static final List<String> REFS1 = List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first.");
    static final List<String> REFS2 = List.of("The dog had bit the man.", "No one was surprised.",
            "The man had bitten the dog.");
    static final List<String> HYPS = List.of("The dog bit the man.", "It wasn't surprising.",
            "The man had just bitten him.");

    @Test
    void corpusBleuTokenizersSmoothingAndOrders() {
        List<List<String>> refs = List.of(REFS1, REFS2);
        assertEquals(48.530827, Bleu.corpusDefaults().corpusScore(HYPS, refs).score(), 1e-6);
        assertEquals(49.1919566, Bleu.corpusDefaults().with(BleuTokenizer.NONE, false).corpusScore(HYPS, refs).score(), 1e-7);
        assertEquals(43.91623493, Bleu.corpusDefaults().with(BleuTokenizer.INTL, false).corpusScore(HYPS, refs).score(), 1e-8);
        assertEquals(48.530827, Bleu.corpusDefaults().withSmoothing(Bleu.Smoothing.NONE, null).corpusScore(HYPS, refs)
                .score(), 1e-6);
        assertEquals(0.0, Bleu.corpusDefaults().corpusScore(List.of("", "", ""), refs).score());
        double[] byOrder = {77.65, 60.50, 53.93, 48.53, 46.14, 43.28};
        for (int order = 1; order <= 6; order++) {
            assertEquals(byOrder[order - 1], Bleu.corpusDefaults().withMaxNgramOrder(order).corpusScore(HYPS, refs).score(),
                    0.005, "order " + order);
        }
    }

    /** raw_corpus_bleu: floor smoothing 0.01, no tokenizer, effective order. */
    @Test
    void rawCorpusBleuWithFloorSmoothing() {
        Bleu raw = Bleu.corpusDefaults().with(BleuTokenizer.NONE, false).withSmoothing(Bleu.Smoothing.FLOOR, 0.01)
                .withEffectiveOrder(true);
        assertEquals(0.0, raw.corpusScore(List.of("this is a test", "another test"),
                List.of(List.of("ref1", "ref2"))).score() / 100);
        assertEquals(1.0, raw.sentenceScore("this is a test", List.of("this is a test")).score() / 100, 1e-12);
        assertEquals(0.223606797749979, raw.sentenceScore("this is a fest", List.of("this is a test")).score() / 100, 1e-12);
        assertEquals(0.3678794411714425, raw.sentenceScore("test", List.of("a test")).score() / 100, 1e-12);
        assertEquals(1.0, raw.sentenceScore("a test", List.of("a test")).score() / 100, 1e-12);
        assertEquals(0.03218297948685433, raw.sentenceScore("a little test", List.of("a test")).score() / 100, 1e-12);
    }

    @Test
    void computeBleuFromCounts() {
        Bleu none = Bleu.corpusDefaults().withSmoothing(Bleu.Smoothing.NONE, null);
        assertEquals(0.8375922397, none.fromStatistics(new long[]{11, 11, 9, 7, 5, 3, 10, 8, 6, 4}).score() / 100, 1e-10);
        Bleu raw = Bleu.corpusDefaults().with(BleuTokenizer.NONE, false).withEffectiveOrder(true);
        String hyp = "am I am a character sequence";
        String ref = "I am a symbol string sequence a a";
        long[] stats = raw.segmentStatistics(hyp, List.of(ref));
        assertEquals(List.of(6L, 8L, 4L, 2L, 1L, 0L, 6L, 5L, 4L, 3L), java.util.Arrays.stream(stats).boxed().toList());
        assertEquals(0.0, raw.withSmoothing(Bleu.Smoothing.FLOOR, 0.0).fromStatistics(stats).score());
        assertEquals(0.1555722182, raw.withSmoothing(Bleu.Smoothing.FLOOR, null).fromStatistics(stats).score() / 100,
                1e-10);
    }

    @Test
    void sentenceBleuSmoothingAndTokenizers() {
        String ref = "producţia de zahăr brut se exprimă în zahăr alb;";
        String sys = "Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;";
        Bleu sentence = Bleu.sentenceDefaults();
        assertEquals(8.493, sentence.sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(0.0, sentence.withSmoothing(Bleu.Smoothing.NONE, null).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(4.51688, sentence.withSmoothing(Bleu.Smoothing.FLOOR, 0.1).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(10.10, sentence.withSmoothing(Bleu.Smoothing.FLOOR, 0.5).sentenceScore(sys, List.of(ref)).score(), 1e-2);
        assertEquals(14.882, sentence.withSmoothing(Bleu.Smoothing.ADD_K, 1.0).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(21.389, sentence.withSmoothing(Bleu.Smoothing.ADD_K, 2.0).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(7.347, sentence.with(BleuTokenizer.NONE, false).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(8.493, sentence.with(BleuTokenizer.INTL, false).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(40.8759, sentence.with(BleuTokenizer.CHAR, false).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        assertEquals(42.0267, sentence.with(BleuTokenizer.CHAR, true).sentenceScore(sys, List.of(ref)).score(), 1e-3);
        for (Bleu.Smoothing method : Bleu.Smoothing.values()) {
            assertEquals(0.0, sentence.withSmoothing(method, null).sentenceScore("this is a cat", List.of("okay thanks"))
                    .score(), method.name());
        }
    }

    @Test
    void sentenceChrfWithEpsSmoothing() {
        Chrf eps = Chrf.chrf().withEpsSmoothing(true);
        assertEquals(39.14078509, eps.sentenceScore(
                "Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.",
                List.of("Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.")), 1e-4);
        assertEquals(31.22557079, eps.sentenceScore("Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.",
                List.of("A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.")), 1e-4);
        assertEquals(57.15704367, eps.sentenceScore("Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.",
                List.of("Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.")), 1e-4);
    }

    @Test
    void corpusChrfWithBetaThree() {
        Chrf eps = Chrf.chrf().withBeta(3).withEpsSmoothing(true);
        assertEquals(0.0, eps.corpusScore(List.of("abcdefg"), List.of(List.of("hijklmnop"))), 1e-4);
        assertEquals(0.0, eps.corpusScore(List.of(""), List.of(List.of("reference"))), 1e-4);
        assertEquals(8.3333, eps.corpusScore(List.of("aa"), List.of(List.of("ab"))), 1e-4);
        assertEquals(8.3333, eps.corpusScore(List.of("a", "b"), List.of(List.of("a", "c"))), 1e-4);
        assertEquals(16.6667, eps.corpusScore(List.of("a"), List.of(List.of("a"))), 1e-4);
        assertEquals(50.0, eps.corpusScore(List.of("a b c"), List.of(List.of("abc"))), 1e-4);
        assertEquals(63.361730, eps.corpusScore(List.of(
                        " risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."),
                List.of(List.of("risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."))),
                1e-4);
        assertEquals(64.1302698, eps.corpusScore(List.of(
                        " Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "),
                List.of(List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."))), 1e-4);
        Chrf plain = Chrf.chrf().withBeta(3);
        assertEquals(100.0, plain.corpusScore(List.of("a b c"), List.of(List.of("abc"))), 1e-4);
        assertEquals(50.0, plain.corpusScore(List.of("a", "b"), List.of(List.of("a", "c"))), 1e-4);
        assertEquals(25.0, plain.corpusScore(List.of("aa"), List.of(List.of("ab"))), 1e-4);
        assertEquals(67.3481606, plain.withWhitespace(true).corpusScore(
                List.of("Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."),
                List.of(List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."))), 1e-4);
    }

    @Test
    void segmentsWithMoreDistinctTokensThanPackedKeysHoldTakeTheGeneralPath() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1100; i++) {
            text.append("w").append(i).append(' ');
        }
        String reference = text.toString().strip();
        String hypothesis = reference.replace("w500 ", "unseen ");
        // order 6 packs ids in 10 bits: at most 1,022 distinct tokens, so these 1,100 go the string way
        Bleu order6 = Bleu.sentenceDefaults().withMaxNgramOrder(6);
        assertEquals(100.0, order6.sentenceScore(reference, List.of(reference)).score(), 1e-9);
        long[] stats = order6.segmentStatistics(hypothesis, List.of(reference));
        for (int n = 1; n <= 6; n++) {
            // the replaced token breaks the n n-grams that contain it
            assertEquals(1100 - n + 1 - n, stats[2 + n - 1], "order " + n);
        }
        long[] packed = Bleu.sentenceDefaults().segmentStatistics(hypothesis, List.of(reference));
        assertEquals(1100 - 1, packed[2]);
        assertEquals(1100 - 4 + 1 - 4, packed[5]);
    }

    @Test
    void chrfOnSegmentsWithMoreDistinctCharactersThanPackedKeysHold() {
        StringBuilder text = new StringBuilder();
        for (int c = 0x4E00; c < 0x4E00 + 1100; c++) {
            text.appendCodePoint(c);
        }
        String reference = text.toString();
        assertEquals(100.0, Chrf.chrf().sentenceScore(reference, List.of(reference)), 1e-9);
        String hypothesis = reference.substring(0, 550);
        long[] stats = Chrf.chrf().segmentStatistics(hypothesis, List.of(reference));
        for (int n = 1; n <= 6; n++) {
            assertEquals(550 - n + 1, stats[3 * (n - 1)], "hypothesis " + n + "-grams");
            assertEquals(1100 - n + 1, stats[3 * (n - 1) + 1], "reference " + n + "-grams");
            assertEquals(550 - n + 1, stats[3 * (n - 1) + 2], "matches of order " + n);
        }
    }
}
