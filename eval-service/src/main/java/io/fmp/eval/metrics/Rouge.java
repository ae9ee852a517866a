package io.fmp.eval.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        List<String> targetTokens = tokenize(target);
        List<String> predictionTokens = tokenize(prediction);
        // tokens as ids: n-grams become packed longs and the LCS compares ints
        Map<String, Integer> ids = new HashMap<>();
        int[] targetIds = ids(targetTokens, ids);
        int[] predictionIds = ids(predictionTokens, ids);
        Map<String, Score> scores = new LinkedHashMap<>();
        for (String type : types) {
            if (type.equals("rougeL")) {
                scores.put(type, lcsScore(targetIds, predictionIds));
            } else if (type.equals("rougeLsum")) {
                scores.put(type, summaryLcsScore(sentences(target), sentences(prediction)));
            } else if (type.length() == 6 && type.startsWith("rouge") && type.charAt(5) >= '1' && type.charAt(5) <= '9') {
                int n = type.charAt(5) - '0';
                int bits = PackedNgrams.bits(n);
                scores.put(type, PackedNgrams.fits(ids.size(), bits)
                        ? ngramScore(PackedNgrams.keys(targetIds, n, bits), PackedNgrams.keys(predictionIds, n, bits))
                        : ngramScore(ngrams(targetTokens, n), ngrams(predictionTokens, n)));
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

    /** Runs of [a-z0-9] after lower-casing: what replacing [^a-z0-9]+ by spaces and splitting leaves. */
    public List<String> tokenize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (alphanumeric && start < 0) {
                start = i;
            } else if (!alphanumeric && start >= 0) {
                String token = lower.substring(start, i);
                String stemmed = stemmer != null && token.length() > 3 ? stemmer.apply(token) : token;
                if (VALID_TOKEN.matcher(stemmed).matches()) {
                    tokens.add(stemmed);
                }
                start = -1;
            }
        }
        return tokens;
    }

    private static int[] ids(List<String> tokens, Map<String, Integer> ids) {
        int[] result = new int[tokens.size()];
        for (int i = 0; i < result.length; i++) {
            // ids start at 1, so a packed n-gram never has an empty field
            result[i] = ids.computeIfAbsent(tokens.get(i), t -> ids.size() + 1);
        }
        return result;
    }

    /** Clipped overlap of two sorted n-gram key arrays. */
    private static Score ngramScore(long[] target, long[] prediction) {
        long overlap = PackedNgrams.overlap(target, prediction);
        return Score.of((double) overlap / Math.max(prediction.length, 1), (double) overlap / Math.max(target.length, 1));
    }

    private static Score lcsScore(int[] target, int[] prediction) {
        if (target.length == 0 || prediction.length == 0) {
            return Score.ZERO;
        }
        // one row at a time: only the length is needed
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
        int length = previous[prediction.length];
        return Score.of((double) length / prediction.length, (double) length / target.length);
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
