package io.fmp.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * ROUGE-N, ROUGE-L and ROUGE-Lsum exactly as Google's rouge-score 0.1.2 with its default tokenizer:
 * lower-case, every run of characters outside [a-z0-9] becomes a space (so non-ASCII letters
 * vanish), tokens longer than 3 characters optionally stemmed. ROUGE-Lsum splits on newlines and
 * counts union-LCS hits without double counting, as version 1.5.5 of the original does.
 *
 * @param stemmer null for no stemming
 */
public record Rouge(UnaryOperator<String> stemmer) {

    public record Score(double precision, double recall, double fmeasure) {
        static final Score ZERO = new Score(0, 0, 0);

        static Score of(double precision, double recall) {
            return new Score(precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0);
        }
    }

    private static final Pattern VALID_TOKEN = Pattern.compile("[a-z0-9]+");
    public static final List<String> TYPES = List.of("rouge1", "rouge2", "rougeL", "rougeLsum");

    public static Rouge withoutStemmer() {
        return new Rouge(null);
    }

    /** rouge-score's use_stemmer=True: NLTK's Porter stemmer for tokens longer than 3 characters. */
    public static Rouge withStemmer() {
        return new Rouge(new PorterStemmer()::stem);
    }

    /** Scores for each type (rouge1 ... rouge9, rougeL, rougeLsum) of one prediction against one target. */
    public Map<String, Score> score(String target, String prediction, List<String> types) {
        // tokens as small ids: n-grams become packed keys counted in a table, the LCS compares ints
        NgramTables tables = NgramTables.get();
        tables.resetIds();
        int[] targetIds = ids(target, tables);
        int[] predictionIds = ids(prediction, tables);
        Map<String, Score> scores = new LinkedHashMap<>();
        for (String type : types) {
            if (type.equals("rougeL")) {
                scores.put(type, lcsScore(targetIds, predictionIds));
            } else if (type.equals("rougeLsum")) {
                scores.put(type, summaryLcsScore(sentences(target), sentences(prediction)));
            } else if (type.length() == 6 && type.startsWith("rouge") && type.charAt(5) >= '1' && type.charAt(5) <= '9') {
                int n = type.charAt(5) - '0';
                int bits = PackedNgrams.bits(n);
                scores.put(type, PackedNgrams.fits(tables.distinct(), bits)
                        ? ngramScore(tables, targetIds, predictionIds, n, bits)
                        : ngramScore(ngrams(tokenize(target), n), ngrams(tokenize(prediction), n)));
            } else {
                throw new IllegalArgumentException("unknown ROUGE type '" + type + "': use rouge1-rouge9, rougeL or rougeLsum");
            }
        }
        return scores;
    }

    /** Against several targets: per type, the target with the best F-measure (the first on ties). */
    public Map<String, Score> scoreMulti(List<String> targets, String prediction, List<String> types) {
        Map<String, Score> best = new LinkedHashMap<>();
        for (String target : targets) {
            score(target, prediction, types).forEach((type, score) -> {
                Score seen = best.get(type);
                if (seen == null || score.fmeasure() > seen.fmeasure()) {
                    best.put(type, score);
                }
            });
        }
        return best;
    }

    /**
     * Runs of [a-z0-9] after lower-casing: what replacing [^a-z0-9]+ by spaces and splitting leaves.
     * Only ASCII letters and digits and two other code points lower-case into [a-z0-9]: U+0130
     * (to "i" and a combining dot, which separates) and the Kelvin sign U+212A (to "k"); every
     * other code point separates tokens (tested over all of Unicode), surrogates included, so the
     * text can be read char by char.
     */
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        scan(text, NgramTables.get().chars(text.length()), (chars, start, length, hash) -> {
            String token = new String(chars, start, length);
            String stemmed = stemmer != null && token.length() > 3 ? stemmer.apply(token) : token;
            if (stemmer == null || VALID_TOKEN.matcher(stemmed).matches()) {
                tokens.add(stemmed);
            }
        });
        return tokens;
    }

    private interface TokenSink {
        /** @param hash the token's String.hashCode */
        void token(char[] chars, int start, int length, int hash);
    }

    /** Lower-cases the text into the buffer in place and hands each token over as a slice of it. */
    private static void scan(String text, char[] buffer, TokenSink sink) {
        int n = text.length();
        text.getChars(0, n, buffer, 0);
        int start = 0;
        int length = 0;
        int hash = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? buffer[i] : ' ';
            char lower = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : c == 0x130 ? 'i' : c == 0x212a ? 'k' : ' ';
            boolean alphanumeric = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
            if (alphanumeric) {
                if (length == 0) {
                    start = i;
                }
                // a token is a run of kept characters, so its lower case can overwrite the text in place
                buffer[start + length++] = lower;
                hash = 31 * hash + lower;
            }
            if ((!alphanumeric || c == 0x130) && length > 0) {
                sink.token(buffer, start, length, hash);
                length = 0;
                hash = 0;
            }
        }
    }

    /** The text's tokens as ids of the tables (stemmed tokens go through strings). */
    private int[] ids(String text, NgramTables tables) {
        if (stemmer != null) {
            List<String> tokens = tokenize(text);
            int[] ids = new int[tokens.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tables.id(tokens.get(i));
            }
            return ids;
        }
        int[] ids = new int[text.length() / 2 + 1];
        int[] count = new int[1];
        scan(text, tables.chars(text.length()), (chars, start, length, hash) ->
                ids[count[0]++] = tables.id(chars, start, length, hash));
        return java.util.Arrays.copyOf(ids, count[0]);
    }

    /** Clipped n-gram overlap: the target's n-grams counted, each prediction n-gram taking one while any is left. */
    private static Score ngramScore(NgramTables tables, int[] target, int[] prediction, int n, int bits) {
        int targetCount = Math.max(0, target.length - n + 1);
        int predictionCount = Math.max(0, prediction.length - n + 1);
        tables.resetCounts(targetCount);
        for (int i = 0; i < targetCount; i++) {
            tables.add(PackedNgrams.key(target, i, n, bits));
        }
        long overlap = 0;
        for (int i = 0; i < predictionCount; i++) {
            if (tables.take(PackedNgrams.key(prediction, i, n, bits))) {
                overlap++;
            }
        }
        return Score.of((double) overlap / Math.max(predictionCount, 1), (double) overlap / Math.max(targetCount, 1));
    }

    private static Score lcsScore(int[] target, int[] prediction) {
        if (target.length == 0 || prediction.length == 0) {
            return Score.ZERO;
        }
        int length = target.length <= 64 ? lcsLengthBitParallel(target, prediction) : lcsLength(target, prediction);
        return Score.of((double) length / prediction.length, (double) length / target.length);
    }

    /** The LCS length by dynamic programming, one row at a time (only the length is needed). */
    static int lcsLength(int[] target, int[] prediction) {
        int[] previous = new int[prediction.length + 1];
        int[] current = new int[prediction.length + 1];
        for (int value : target) {
            for (int j = 1; j <= prediction.length; j++) {
                current[j] = value == prediction[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[prediction.length];
    }

    /**
     * The LCS length for a target of at most 64 tokens with one machine word per step (Hyyrö's
     * bit-vector algorithm): bit i of V is 0 where the LCS grew at target position i. Ids are small,
     * so the match masks index an array.
     */
    static int lcsLengthBitParallel(int[] target, int[] prediction) {
        int maxId = 0;
        for (int id : target) {
            maxId = Math.max(maxId, id);
        }
        long[] matches = new long[maxId + 1];
        for (int i = 0; i < target.length; i++) {
            matches[target[i]] |= 1L << i;
        }
        long all = target.length == 64 ? -1L : (1L << target.length) - 1;
        long v = all;
        for (int id : prediction) {
            long u = v & (id <= maxId ? matches[id] : 0);
            v = ((v + u) | (v - u)) & all;
        }
        return target.length - Long.bitCount(v);
    }

    private List<List<String>> sentences(String text) {
        List<List<String>> sentences = new ArrayList<>();
        for (String sentence : text.split("\n", -1)) {
            if (!sentence.isEmpty()) {
                sentences.add(tokenize(sentence));
            }
        }
        return sentences;
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
    }

    private static Score ngramScore(Map<List<String>, Integer> target, Map<List<String>, Integer> prediction) {
        long overlap = 0;
        for (Map.Entry<List<String>, Integer> ngram : target.entrySet()) {
            overlap += Math.min(ngram.getValue(), prediction.getOrDefault(ngram.getKey(), 0));
        }
        long targetCount = target.values().stream().mapToLong(Integer::longValue).sum();
        long predictionCount = prediction.values().stream().mapToLong(Integer::longValue).sum();
        return Score.of((double) overlap / Math.max(predictionCount, 1), (double) overlap / Math.max(targetCount, 1));
    }

    static int[][] lcsTable(List<String> reference, List<String> candidate) {
        int[][] table = new int[reference.size() + 1][candidate.size() + 1];
        for (int i = 1; i <= reference.size(); i++) {
            for (int j = 1; j <= candidate.size(); j++) {
                table[i][j] = reference.get(i - 1).equals(candidate.get(j - 1)) ? table[i - 1][j - 1] + 1
                        : Math.max(table[i - 1][j], table[i][j - 1]);
            }
        }
        return table;
    }

    /** Indices into the reference of one longest common subsequence, read back as rouge-score does. */
    static List<Integer> lcsIndices(List<String> reference, List<String> candidate) {
        int[][] table = lcsTable(reference, candidate);
        int i = reference.size();
        int j = candidate.size();
        List<Integer> indices = new ArrayList<>();
        while (i > 0 && j > 0) {
            if (reference.get(i - 1).equals(candidate.get(j - 1))) {
                indices.add(0, i - 1);
                i--;
                j--;
            } else if (table[i][j - 1] > table[i - 1][j]) {
                j--;
            } else {
                i--;
            }
        }
        return indices;
    }

    private static Score summaryLcsScore(List<List<String>> reference, List<List<String>> candidate) {
        if (reference.isEmpty() || candidate.isEmpty()) {
            return Score.ZERO;
        }
        int m = reference.stream().mapToInt(List::size).sum();
        int n = candidate.stream().mapToInt(List::size).sum();
        if (m == 0 || n == 0) {
            return Score.ZERO;
        }
        Map<String, Integer> referenceCounts = new HashMap<>();
        Map<String, Integer> candidateCounts = new HashMap<>();
        reference.forEach(s -> s.forEach(t -> referenceCounts.merge(t, 1, Integer::sum)));
        candidate.forEach(s -> s.forEach(t -> candidateCounts.merge(t, 1, Integer::sum)));
        int hits = 0;
        for (List<String> sentence : reference) {
            TreeSet<Integer> union = new TreeSet<>();
            for (List<String> c : candidate) {
                union.addAll(lcsIndices(sentence, c));
            }
            for (int index : union) {
                String token = sentence.get(index);
                // the original prevents double counting across sentences
                if (candidateCounts.getOrDefault(token, 0) > 0 && referenceCounts.getOrDefault(token, 0) > 0) {
                    hits++;
                    candidateCounts.merge(token, -1, Integer::sum);
                    referenceCounts.merge(token, -1, Integer::sum);
                }
            }
        }
        return Score.of((double) hits / n, (double) hits / m);
    }
}
