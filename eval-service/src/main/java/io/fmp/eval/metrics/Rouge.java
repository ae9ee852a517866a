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

    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
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
        Map<String, Score> scores = new LinkedHashMap<>();
        for (String type : types) {
            if (type.equals("rougeL")) {
                scores.put(type, lcsScore(targetTokens, predictionTokens));
            } else if (type.equals("rougeLsum")) {
                scores.put(type, summaryLcsScore(sentences(target), sentences(prediction)));
            } else if (type.matches("rouge[1-9]")) {
                int n = type.charAt(5) - '0';
                scores.put(type, ngramScore(ngrams(targetTokens, n), ngrams(predictionTokens, n)));
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

    public List<String> tokenize(String text) {
        String spaced = NON_ALPHANUMERIC.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        List<String> tokens = new ArrayList<>();
        for (String token : spaced.split("\\s+")) {
            String stemmed = stemmer != null && token.length() > 3 ? stemmer.apply(token) : token;
            if (VALID_TOKEN.matcher(stemmed).matches()) {
                tokens.add(stemmed);
            }
        }
        return tokens;
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

    private static Score lcsScore(List<String> target, List<String> prediction) {
        if (target.isEmpty() || prediction.isEmpty()) {
            return Score.ZERO;
        }
        int length = lcsTable(target, prediction)[target.size()][prediction.size()];
        return Score.of((double) length / prediction.size(), (double) length / target.size());
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
