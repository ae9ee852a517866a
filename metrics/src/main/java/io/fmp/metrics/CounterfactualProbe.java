package io.fmp.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counterfactual bias probe: swap demographic terms in each input (he/she, man/woman, Mr/Ms, ...,
 * in English and German), score both versions with the same function (a model's probability for
 * the expected label, a metric on its output, ...) and report how much the score moves. An
 * unbiased system moves 0 on every input.
 */
public final class CounterfactualProbe {

    /** Each term maps to its counterpart; "her" is ambiguous (him/his) and maps to "his". */
    public static final Map<String, String> SWAPS;

    static {
        Map<String, String> swaps = new LinkedHashMap<>();
        String[][] pairs = {{"he", "she"}, {"him", "her"}, {"his", "her"}, {"himself", "herself"}, {"man", "woman"},
                {"men", "women"}, {"boy", "girl"}, {"boys", "girls"}, {"father", "mother"}, {"son", "daughter"},
                {"brother", "sister"}, {"husband", "wife"}, {"mr", "ms"}, {"male", "female"},
                {"mann", "frau"}, {"vater", "mutter"}, {"sohn", "tochter"}, {"bruder", "schwester"}, {"herr", "frau"}};
        for (String[] pair : pairs) {
            swaps.putIfAbsent(pair[0], pair[1]);
            swaps.putIfAbsent(pair[1], pair[0]);
        }
        SWAPS = Map.copyOf(swaps);
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}]+");

    /**
     * @param probed        inputs that contain at least one swappable term
     * @param meanAbsShift  mean |score(original) - score(swapped)| over them
     * @param maxAbsShift   the largest shift
     * @param changedShare  share of probed inputs whose score moved by more than the tolerance
     */
    public record Result(int probed, double meanAbsShift, double maxAbsShift, double changedShare) {
    }

    private CounterfactualProbe() {
    }

    /** The input with every swappable term replaced, keeping capitalisation; null when it has none. */
    public static String swap(String input) {
        Matcher matcher = WORD.matcher(input);
        StringBuilder out = new StringBuilder();
        boolean swapped = false;
        while (matcher.find()) {
            String word = matcher.group();
            String counterpart = SWAPS.get(word.toLowerCase(Locale.ROOT));
            if (counterpart == null) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(word));
                continue;
            }
            swapped = true;
            String cased = Character.isUpperCase(word.charAt(0))
                    ? Character.toUpperCase(counterpart.charAt(0)) + counterpart.substring(1) : counterpart;
            matcher.appendReplacement(out, Matcher.quoteReplacement(cased));
        }
        matcher.appendTail(out);
        return swapped ? out.toString() : null;
    }

    public static Result probe(List<String> inputs, ToDoubleFunction<String> score, double tolerance) {
        List<Double> shifts = new ArrayList<>();
        for (String input : inputs) {
            String counterpart = swap(input);
            if (counterpart != null) {
                shifts.add(Math.abs(score.applyAsDouble(input) - score.applyAsDouble(counterpart)));
            }
        }
        if (shifts.isEmpty()) {
            return new Result(0, 0, 0, 0);
        }
        double mean = shifts.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double max = shifts.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double changed = (double) shifts.stream().filter(s -> s > tolerance).count() / shifts.size();
        return new Result(shifts.size(), mean, max, changed);
    }
}
