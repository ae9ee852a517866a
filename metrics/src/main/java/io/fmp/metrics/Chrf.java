package io.fmp.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * chrF and chrF++ exactly as sacreBLEU 2.x: character n-grams up to {@code charOrder} (white space
 * removed unless kept), word n-grams up to {@code wordOrder} (2 = chrF++) after separating a
 * leading or trailing punctuation mark, per segment the reference with the best F-score, statistics
 * summed over the corpus. Default averaging is sacreBLEU's effective-order average of precision and
 * recall; {@code epsSmoothing} is the chrF++.py style average of per-order F-scores.
 */
public record Chrf(int charOrder, int wordOrder, double beta, boolean lowercase, boolean whitespace,
                   boolean epsSmoothing) {

    private static final Set<Integer> PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".chars().boxed()
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final double EPS = 1e-16;

    public static Chrf chrf() {
        return new Chrf(6, 0, 2, false, false, false);
    }

    public static Chrf chrfPlusPlus() {
        return new Chrf(6, 2, 2, false, false, false);
    }

    public Chrf withLowercase(boolean lower) {
        return new Chrf(charOrder, wordOrder, beta, lower, whitespace, epsSmoothing);
    }

    public Chrf withBeta(double newBeta) {
        return new Chrf(charOrder, wordOrder, newBeta, lowercase, whitespace, epsSmoothing);
    }

    public Chrf withEpsSmoothing(boolean eps) {
        return new Chrf(charOrder, wordOrder, beta, lowercase, whitespace, eps);
    }

    public Chrf withWhitespace(boolean keep) {
        return new Chrf(charOrder, wordOrder, beta, lowercase, keep, epsSmoothing);
    }

    private int order() {
        return charOrder + wordOrder;
    }

    /** [hyp, ref, match] per order (characters first, then words), for the best reference. */
    public long[] segmentStatistics(String hypothesis, List<String> references) {
        String hyp = preprocess(hypothesis);
        List<String> refs = references.stream().map(this::preprocess).toList();
        // characters as small ids shared by the hypothesis and its references: n-grams become packed keys
        NgramTables tables = NgramTables.get();
        tables.resetIds();
        int[] hypIds = ids(tables, hyp);
        int[][] refIds = new int[refs.size()][];
        for (int r = 0; r < refs.size(); r++) {
            refIds[r] = ids(tables, refs.get(r));
        }
        int bits = PackedNgrams.bits(charOrder);
        boolean packed = PackedNgrams.fits(tables.distinct(), bits);
        List<Map<String, Integer>> hypothesisNgrams = packed ? wordNgrams(hyp) : ngrams(hyp);
        long[] best = null;
        double bestScore = -1.0;
        for (int r = 0; r < refs.size(); r++) {
            long[] stats = new long[3 * order()];
            if (packed) {
                matchCharacters(tables, hypIds, refIds[r], bits, stats);
                List<Map<String, Integer>> referenceWords = wordNgrams(refs.get(r));
                for (int w = 0; w < wordOrder; w++) {
                    match(hypothesisNgrams.get(w), referenceWords.get(w), stats, charOrder + w);
                }
            } else {
                List<Map<String, Integer>> referenceNgrams = ngrams(refs.get(r));
                for (int o = 0; o < order(); o++) {
                    match(hypothesisNgrams.get(o), referenceNgrams.get(o), stats, o);
                }
            }
            double score = fScore(stats);
            if (score > bestScore) {
                bestScore = score;
                best = stats;
            }
        }
        return best == null ? new long[3 * order()] : best;
    }

    private static void match(Map<String, Integer> hyp, Map<String, Integer> ref, long[] stats, int o) {
        long matches = 0;
        long hypCount = 0;
        for (Map.Entry<String, Integer> ngram : hyp.entrySet()) {
            hypCount += ngram.getValue();
            Integer inReference = ref.get(ngram.getKey());
            if (inReference != null) {
                matches += Math.min(ngram.getValue(), inReference);
            }
        }
        long refCount = 0;
        for (int count : ref.values()) {
            refCount += count;
        }
        // no hits counted where the reference has no n-grams of this order
        stats[3 * o] = ref.isEmpty() ? 0 : hypCount;
        stats[3 * o + 1] = refCount;
        stats[3 * o + 2] = matches;
    }

    /** The code points of the text (without white space unless kept) as ids of the tables. */
    private int[] ids(NgramTables tables, String text) {
        int[] ids = new int[text.length()];
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (whitespace || !PythonText.isSpace(c)) {
                ids[count++] = tables.id(c);
            }
            i += Character.charCount(c);
        }
        return java.util.Arrays.copyOf(ids, count);
    }

    /**
     * Character n-gram statistics of one reference: the hypothesis's n-grams of every order counted
     * as packed keys, each reference n-gram taking one match while the hypothesis has one left.
     */
    private void matchCharacters(NgramTables tables, int[] hyp, int[] ref, int bits, long[] stats) {
        int keys = 0;
        for (int n = 1; n <= charOrder; n++) {
            keys += Math.max(0, hyp.length - n + 1);
        }
        tables.resetCounts(keys);
        for (int n = 1; n <= charOrder; n++) {
            for (int i = 0; i + n <= hyp.length; i++) {
                tables.add(PackedNgrams.key(hyp, i, n, bits));
            }
        }
        for (int n = 1; n <= charOrder; n++) {
            long refCount = Math.max(0, ref.length - n + 1);
            long matches = 0;
            for (int i = 0; i + n <= ref.length; i++) {
                if (tables.take(PackedNgrams.key(ref, i, n, bits))) {
                    matches++;
                }
            }
            int o = n - 1;
            // no hits counted where the reference has no n-grams of this order
            stats[3 * o] = refCount == 0 ? 0 : Math.max(0, hyp.length - n + 1);
            stats[3 * o + 1] = refCount;
            stats[3 * o + 2] = matches;
        }
    }

    /** references.get(r).get(i) is reference r of segment i (null: segment i has fewer references). */
    public double corpusScore(List<String> hypotheses, List<List<String>> references) {
        long[] sum = new long[3 * order()];
        for (int i = 0; i < hypotheses.size(); i++) {
            long[] stats = segmentStatistics(hypotheses.get(i), Bleu.referencesOf(references, i));
            for (int k = 0; k < sum.length; k++) {
                sum[k] += stats[k];
            }
        }
        return fScore(sum);
    }

    public double sentenceScore(String hypothesis, List<String> references) {
        return fScore(segmentStatistics(hypothesis, references));
    }

    /** sacreBLEU's _compute_f_score, 0 to 100. */
    public double fScore(long[] stats) {
        double factor = beta * beta;
        double score = 0;
        double averagePrecision = 0;
        double averageRecall = 0;
        int effectiveOrder = 0;
        for (int o = 0; o < order(); o++) {
            long hyp = stats[3 * o];
            long ref = stats[3 * o + 1];
            long match = stats[3 * o + 2];
            double precision = hyp > 0 ? (double) match / hyp : EPS;
            double recall = ref > 0 ? (double) match / ref : EPS;
            double denominator = factor * precision + recall;
            score += denominator > 0 ? (1 + factor) * precision * recall / denominator : EPS;
            if (hyp > 0 && ref > 0) {
                averagePrecision += precision;
                averageRecall += recall;
                effectiveOrder++;
            }
        }
        if (epsSmoothing) {
            return 100 * score / order();
        }
        if (effectiveOrder == 0) {
            averagePrecision = 0;
            averageRecall = 0;
        } else {
            averagePrecision /= effectiveOrder;
            averageRecall /= effectiveOrder;
        }
        if (averagePrecision + averageRecall != 0) {
            double f = (1 + factor) * averagePrecision * averageRecall;
            f /= (factor * averagePrecision) + averageRecall;
            return 100 * f;
        }
        return 0.0;
    }

    /** e.g. {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0} */
    public String signature(String referenceCount) {
        return "nrefs:" + referenceCount + "|case:" + (lowercase ? "lc" : "mixed") + "|eff:"
                + (epsSmoothing ? "no" : "yes") + "|nc:" + charOrder + "|nw:" + wordOrder + "|space:"
                + (whitespace ? "yes" : "no") + "|version:" + Bleu.SACREBLEU_VERSION;
    }

    private String preprocess(String segment) {
        return lowercase ? segment.toLowerCase(Locale.ROOT) : segment;
    }

    /** Word n-grams only (chrF++'s part), orders 1..wordOrder. */
    private List<Map<String, Integer>> wordNgrams(String segment) {
        List<Map<String, Integer>> all = new ArrayList<>(wordOrder);
        addWordNgrams(segment, all);
        return all;
    }

    private void addWordNgrams(String segment, List<Map<String, Integer>> all) {
        if (wordOrder > 0) {
            List<String> words = words(segment);
            for (int n = 1; n <= wordOrder; n++) {
                Map<String, Integer> counts = new HashMap<>();
                for (int i = 0; i + n <= words.size(); i++) {
                    counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
                }
                all.add(counts);
            }
        }
    }

    private List<Map<String, Integer>> ngrams(String segment) {
        List<Map<String, Integer>> all = new ArrayList<>(order());
        String text = whitespace ? segment : PythonText.withoutSpace(segment);
        int[] starts = codePointStarts(text);
        int length = starts.length - 1;
        for (int n = 1; n <= charOrder; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= length; i++) {
                counts.merge(text.substring(starts[i], starts[i + n]), 1, Integer::sum);
            }
            all.add(counts);
        }
        addWordNgrams(segment, all);
        return all;
    }

    /** sacreBLEU's _remove_punctuation: '(hi)' becomes '(hi' and ')'. */
    private static List<String> words(String segment) {
        List<String> words = new ArrayList<>();
        for (String word : PythonText.split(segment)) {
            int codePoints = word.codePointCount(0, word.length());
            if (codePoints == 1) {
                words.add(word);
                continue;
            }
            int last = word.codePointBefore(word.length());
            int first = word.codePointAt(0);
            if (PUNCTUATION.contains(last)) {
                words.add(word.substring(0, word.length() - Character.charCount(last)));
                words.add(word.substring(word.length() - Character.charCount(last)));
            } else if (PUNCTUATION.contains(first)) {
                words.add(word.substring(0, Character.charCount(first)));
                words.add(word.substring(Character.charCount(first)));
            } else {
                words.add(word);
            }
        }
        return words;
    }

    private static int[] codePointStarts(String text) {
        int count = text.codePointCount(0, text.length());
        int[] starts = new int[count + 1];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            starts[i] = offset;
            offset += Character.charCount(text.codePointAt(offset));
        }
        starts[count] = text.length();
        return starts;
    }
}
