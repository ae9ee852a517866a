package io.fmp.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BLEU exactly as sacreBLEU 2.x computes it: segment statistics (n-gram matches clipped by the
 * maximum count in any reference, closest reference length with ties to the shorter) summed over
 * the corpus and scored once, with sacreBLEU's smoothing methods and effective order.
 *
 * @param smoothValue null for the method's default (floor 0.1, add-k 1)
 */
public record Bleu(BleuTokenizer tokenizer, boolean lowercase, Smoothing smoothing, Double smoothValue,
                   boolean effectiveOrder, int maxNgramOrder) {

    public static final String SACREBLEU_VERSION = "2.6.0";

    public enum Smoothing {
        EXP("exp", null), FLOOR("floor", 0.1), ADD_K("add-k", 1.0), NONE("none", null);

        public final String signature;
        final Double defaultValue;

        Smoothing(String signature, Double defaultValue) {
            this.signature = signature;
            this.defaultValue = defaultValue;
        }

        public static Smoothing of(String name) {
            for (Smoothing s : values()) {
                if (s.signature.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown smoothing '" + name + "': use exp, floor, add-k or none");
        }
    }

    /** sacreBLEU's corpus_bleu defaults: 13a, case-sensitive, exp smoothing, no effective order. */
    public static Bleu corpusDefaults() {
        return new Bleu(BleuTokenizer.THIRTEEN_A, false, Smoothing.EXP, null, false, 4);
    }

    /** sacreBLEU's sentence_bleu defaults: as corpus BLEU, with effective order. */
    public static Bleu sentenceDefaults() {
        return new Bleu(BleuTokenizer.THIRTEEN_A, false, Smoothing.EXP, null, true, 4);
    }

    public Bleu with(BleuTokenizer newTokenizer, boolean newLowercase) {
        return new Bleu(newTokenizer, newLowercase, smoothing, smoothValue, effectiveOrder, maxNgramOrder);
    }

    public Bleu withSmoothing(Smoothing method, Double value) {
        return new Bleu(tokenizer, lowercase, method, value, effectiveOrder, maxNgramOrder);
    }

    public Bleu withEffectiveOrder(boolean effective) {
        return new Bleu(tokenizer, lowercase, smoothing, smoothValue, effective, maxNgramOrder);
    }

    public Bleu withMaxNgramOrder(int order) {
        return new Bleu(tokenizer, lowercase, smoothing, smoothValue, effectiveOrder, order);
    }

    /**
     * @param score      0 to 100
     * @param correct    matched n-grams per order (after add-k smoothing, as sacreBLEU reports them)
     * @param precisions per order, 0 to 100
     */
    public record Score(double score, double[] correct, double[] total, double[] precisions, double brevityPenalty,
                        long systemLength, long referenceLength) {
    }

    /** Statistics of one segment: hypothesis length, closest reference length, correct and total per order. */
    public long[] segmentStatistics(String hypothesis, List<String> references) {
        String[] hyp = tokenizer.tokens(preprocess(hypothesis));
        String[][] refs = new String[references.size()][];
        int[] referenceLengths = new int[references.size()];
        for (int r = 0; r < refs.length; r++) {
            refs[r] = tokenizer.tokens(preprocess(references.get(r)));
            referenceLengths[r] = refs[r].length;
        }
        long[] stats = new long[2 + 2 * maxNgramOrder];
        stats[0] = hyp.length;
        stats[1] = closestLength(hyp.length, referenceLengths);
        for (int n = 1; n <= maxNgramOrder; n++) {
            stats[2 + maxNgramOrder + n - 1] = Math.max(0, hyp.length - n + 1);
        }
        NgramKeys keys = NgramKeys.of(hyp, refs, maxNgramOrder);
        if (keys != null) {
            keys.countMatches(stats, maxNgramOrder);
        } else {
            countMatchesByString(hyp, refs, stats);
        }
        return stats;
    }

    /**
     * N-grams as packed token ids: each token of the segment gets a small id, an n-gram is its ids in
     * 64 / maxOrder bits each, and matches are counted by merging sorted key arrays, with no object
     * per n-gram. Null when the segment has more distinct tokens than the bits can number.
     */
    private record NgramKeys(long[] hypothesis, long[][] references, int bits) {

        static NgramKeys of(String[] hyp, String[][] refs, int maxOrder) {
            int bits = PackedNgrams.bits(maxOrder);
            NgramTables tables = NgramTables.get();
            tables.resetIds();
            int[] hypIds = ids(hyp, tables);
            int[][] refIds = new int[refs.length][];
            for (int r = 0; r < refs.length; r++) {
                refIds[r] = ids(refs[r], tables);
            }
            if (!PackedNgrams.fits(tables.distinct(), bits)) {
                return null;
            }
            long[][] refKeys = new long[refs.length][];
            for (int r = 0; r < refs.length; r++) {
                refKeys[r] = keys(refIds[r], maxOrder, bits);
            }
            return new NgramKeys(keys(hypIds, maxOrder, bits), refKeys, bits);
        }

        private static int[] ids(String[] tokens, NgramTables tables) {
            int[] result = new int[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                // ids start at 1: a field of 0 means "no token", so orders tell themselves apart
                result[i] = tables.id(tokens[i]);
            }
            return result;
        }

        /** Keys of every order 1..maxOrder in one sorted array (orders differ in their empty fields). */
        private static long[] keys(int[] ids, int maxOrder, int bits) {
            long[][] perOrder = new long[maxOrder][];
            int count = 0;
            for (int n = 1; n <= maxOrder; n++) {
                perOrder[n - 1] = PackedNgrams.keys(ids, n, bits);
                count += perOrder[n - 1].length;
            }
            long[] keys = new long[count];
            int k = 0;
            for (long[] order : perOrder) {
                System.arraycopy(order, 0, keys, k, order.length);
                k += order.length;
            }
            java.util.Arrays.sort(keys);
            return keys;
        }

        /** The n of an n-gram key: its number of non-empty id fields (the first id is never 0). */
        private int order(long key) {
            if (bits >= 64) {
                return 1;
            }
            int order = 0;
            while (key != 0) {
                order++;
                key >>>= bits;
            }
            return order;
        }

        /** Adds the clipped matches per order: min(count in hypothesis, max count in any reference). */
        void countMatches(long[] stats, int maxOrder) {
            int h = 0;
            int[] positions = new int[references.length];
            while (h < hypothesis.length) {
                long key = hypothesis[h];
                int hypCount = 0;
                while (h < hypothesis.length && hypothesis[h] == key) {
                    hypCount++;
                    h++;
                }
                int best = 0;
                for (int r = 0; r < references.length; r++) {
                    long[] ref = references[r];
                    int p = positions[r];
                    while (p < ref.length && ref[p] < key) {
                        p++;
                    }
                    int refCount = 0;
                    while (p < ref.length && ref[p] == key) {
                        refCount++;
                        p++;
                    }
                    positions[r] = p;
                    best = Math.max(best, refCount);
                }
                if (best > 0) {
                    stats[2 + order(key) - 1] += Math.min(hypCount, best);
                }
            }
        }
    }

    /** The general path: n-grams as joined strings (any number of distinct tokens). */
    private void countMatchesByString(String[] hyp, String[][] refs, long[] stats) {
        Map<String, Integer> maxCounts = new HashMap<>();
        for (String[] ref : refs) {
            count(List.of(ref), maxCounts, true);
        }
        Map<String, Integer> counts = new HashMap<>();
        count(List.of(hyp), counts, false);
        counts.forEach((ngram, n) -> {
            Integer inReferences = maxCounts.get(ngram);
            if (inReferences != null) {
                stats[2 + order(ngram) - 1] += Math.min(n, inReferences);
            }
        });
    }

    /** Corpus BLEU: references.get(r).get(i) is reference r of segment i (null: segment i has fewer references). */
    public Score corpusScore(List<String> hypotheses, List<List<String>> references) {
        long[] sum = new long[2 + 2 * maxNgramOrder];
        for (int i = 0; i < hypotheses.size(); i++) {
            long[] stats = segmentStatistics(hypotheses.get(i), referencesOf(references, i));
            for (int k = 0; k < sum.length; k++) {
                sum[k] += stats[k];
            }
        }
        return fromStatistics(sum);
    }

    public Score sentenceScore(String hypothesis, List<String> references) {
        return fromStatistics(segmentStatistics(hypothesis, references));
    }

    /** sacreBLEU's compute_bleu. */
    public Score fromStatistics(long[] stats) {
        double[] correct = new double[maxNgramOrder];
        double[] total = new double[maxNgramOrder];
        for (int n = 0; n < maxNgramOrder; n++) {
            correct[n] = stats[2 + n];
            total[n] = stats[2 + maxNgramOrder + n];
        }
        long systemLength = stats[0];
        long referenceLength = stats[1];
        double value = smoothValue != null ? smoothValue : smoothing.defaultValue == null ? 0 : smoothing.defaultValue;
        double brevityPenalty = 1.0;
        if (systemLength < referenceLength) {
            brevityPenalty = systemLength > 0 ? Math.exp(1 - (double) referenceLength / systemLength) : 0.0;
        }
        double[] precisions = new double[maxNgramOrder];
        boolean anyCorrect = false;
        for (double c : correct) {
            anyCorrect |= c != 0;
        }
        if (!anyCorrect) {
            return new Score(0.0, correct, total, precisions, brevityPenalty, systemLength, referenceLength);
        }
        double smoothMteval = 1.0;
        int effective = maxNgramOrder;
        for (int n = 1; n <= maxNgramOrder; n++) {
            if (smoothing == Smoothing.ADD_K && n > 1) {
                correct[n - 1] += value;
                total[n - 1] += value;
            }
            if (total[n - 1] == 0) {
                break;
            }
            if (effectiveOrder) {
                effective = n;
            }
            if (correct[n - 1] == 0) {
                if (smoothing == Smoothing.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
                } else if (smoothing == Smoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * value / total[n - 1];
                }
            } else {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }
        // Python's sum() adds left to right; keep that order for identical rounding
        double logSum = 0;
        for (int n = 0; n < effective; n++) {
            logSum += precisions[n] == 0.0 ? -9999999999.0 : Math.log(precisions[n]);
        }
        double score = brevityPenalty * Math.exp(logSum / effective);
        return new Score(score, correct, total, precisions, brevityPenalty, systemLength, referenceLength);
    }

    /** sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0}. */
    public String signature(String referenceCount) {
        String smooth = smoothing.signature;
        if (smoothing.defaultValue != null) {
            smooth += String.format(Locale.ROOT, "[%.2f]", smoothValue != null ? smoothValue : smoothing.defaultValue);
        }
        return "nrefs:" + referenceCount + "|case:" + (lowercase ? "lc" : "mixed") + "|eff:"
                + (effectiveOrder ? "yes" : "no") + "|tok:" + tokenizer.signature + "|smooth:" + smooth
                + "|version:" + SACREBLEU_VERSION;
    }

    /** What sacreBLEU hands its (cached) tokenizer: the segment lower-cased if asked, right-stripped. */
    private String preprocess(String segment) {
        String text = lowercase ? segment.toLowerCase(Locale.ROOT) : segment;
        return PythonText.rstrip(text);
    }

    /** Counts the 1..max n-grams of the tokens into counts; as maxima across references when {@code max}. */
    private void count(List<String> tokens, Map<String, Integer> counts, boolean max) {
        Map<String, Integer> own = max ? new HashMap<>() : counts;
        for (int n = 1; n <= maxNgramOrder; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                // a space cannot occur inside a token, so the joined n-gram is unambiguous
                own.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        if (max) {
            own.forEach((ngram, n) -> counts.merge(ngram, n, Math::max));
        }
    }

    private static int order(String ngram) {
        int spaces = 0;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                spaces++;
            }
        }
        return spaces + 1;
    }

    private static long closestLength(int hypothesisLength, int[] referenceLengths) {
        int closestDiff = -1;
        int closest = -1;
        for (int length : referenceLengths) {
            int diff = Math.abs(hypothesisLength - length);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closest = length;
            } else if (diff == closestDiff && length < closest) {
                closest = length;
            }
        }
        return closest;
    }

    static List<String> referencesOf(List<List<String>> references, int segment) {
        List<String> own = new ArrayList<>(references.size());
        for (List<String> stream : references) {
            String reference = stream.get(segment);
            if (reference != null) {
                own.add(reference);
            }
        }
        return own;
    }
}
