package io.fmp.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQuAD v1.1 exact match and token F1, as the official evaluation script: lower-case, drop ASCII
 * punctuation, drop the articles a/an/the as whole words (word characters as Python's Unicode
 * \w: letters, numbers, underscore), collapse white space; best score over the ground truths.
 */
public final class Squad {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Pattern ARTICLES = Pattern.compile("(?<![\\p{L}\\p{N}_])(a|an|the)(?![\\p{L}\\p{N}_])");

    private Squad() {
    }

    public static String normalize(String answer) {
        String lower = answer.toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(lower.length());
        lower.codePoints().filter(c -> c > 127 || PUNCTUATION.indexOf(c) < 0).forEach(kept::appendCodePoint);
        return String.join(" ", PythonText.split(ARTICLES.matcher(kept).replaceAll(" ")));
    }

    public static double exactMatch(String prediction, List<String> groundTruths) {
        String normalized = normalize(prediction);
        return groundTruths.stream().anyMatch(truth -> normalize(truth).equals(normalized)) ? 1.0 : 0.0;
    }

    public static double f1(String prediction, List<String> groundTruths) {
        double best = 0;
        for (String truth : groundTruths) {
            best = Math.max(best, f1(prediction, truth));
        }
        return best;
    }

    private static double f1(String prediction, String truth) {
        List<String> predicted = PythonText.split(normalize(prediction));
        List<String> expected = PythonText.split(normalize(truth));
        Map<String, Integer> counts = new HashMap<>();
        expected.forEach(token -> counts.merge(token, 1, Integer::sum));
        int same = 0;
        for (String token : predicted) {
            Integer left = counts.get(token);
            if (left != null && left > 0) {
                same++;
                counts.put(token, left - 1);
            }
        }
        if (same == 0) {
            return 0;
        }
        double precision = (double) same / predicted.size();
        double recall = (double) same / expected.size();
        return 2 * precision * recall / (precision + recall);
    }
}
