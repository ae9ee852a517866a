package io.fmp.metrics;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * NLTK's PorterStemmer in its default NLTK_EXTENSIONS mode (what rouge-score stems with): the
 * published algorithm plus NLTK's irregular forms, its ies/ied and y rules, "alli" first, "fulli"
 * and "logi". Expects lower-case words. Stateless and thread-safe.
 */
public final class PorterStemmer {

    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"), Map.entry("dying", "die"), Map.entry("lying", "lie"),
            Map.entry("tying", "tie"), Map.entry("news", "news"), Map.entry("innings", "inning"),
            Map.entry("inning", "inning"), Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"), Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

    /** One suffix rule; suffix "*d" means a double consonant, condition null means always. */
    private record Rule(String suffix, String replacement, Predicate<String> condition) {
    }

    public String stem(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.length() <= 2) {
            return word;
        }
        String stem = step1a(word);
        stem = step1b(stem);
        stem = step1c(stem);
        stem = step2(stem);
        stem = step3(stem);
        stem = step4(stem);
        stem = step5a(stem);
        return step5b(stem);
    }

    private static boolean isConsonant(String word, int i) {
        char c = word.charAt(i);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            return false;
        }
        if (c == 'y') {
            return i == 0 || !isConsonant(word, i - 1);
        }
        return true;
    }

    /** m: the number of vowel-consonant transitions. */
    private static int measure(String stem) {
        int m = 0;
        for (int i = 1; i < stem.length(); i++) {
            if (!isConsonant(stem, i - 1) && isConsonant(stem, i)) {
                m++;
            }
        }
        return m;
    }

    private static boolean positiveMeasure(String stem) {
        return measure(stem) > 0;
    }

    private static boolean containsVowel(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!isConsonant(stem, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsDoubleConsonant(String word) {
        int n = word.length();
        return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
    }

    private static boolean endsCvc(String word) {
        int n = word.length();
        return (n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1)
                && "wxy".indexOf(word.charAt(n - 1)) < 0)
                || (n == 2 && !isConsonant(word, 0) && isConsonant(word, 1));
    }

    /** The first rule whose suffix matches decides: replaced if its condition holds, else the word stays. */
    private static String apply(String word, List<Rule> rules) {
        for (Rule rule : rules) {
            if (rule.suffix().equals("*d") && endsDoubleConsonant(word)) {
                String stem = word.substring(0, word.length() - 2);
                return rule.condition() == null || rule.condition().test(stem) ? stem + rule.replacement() : word;
            }
            if (word.endsWith(rule.suffix())) {
                String stem = word.substring(0, word.length() - rule.suffix().length());
                return rule.condition() == null || rule.condition().test(stem) ? stem + rule.replacement() : word;
            }
        }
        return word;
    }

    private static String step1a(String word) {
        if (word.endsWith("ies") && word.length() == 4) {
            return word.substring(0, 1) + "ie";
        }
        return apply(word, List.of(new Rule("sses", "ss", null), new Rule("ies", "i", null), new Rule("ss", "ss", null),
                new Rule("s", "", null)));
    }

    private static String step1b(String word) {
        if (word.endsWith("ied")) {
            return word.substring(0, word.length() - 3) + (word.length() == 4 ? "ie" : "i");
        }
        if (word.endsWith("eed")) {
            String stem = word.substring(0, word.length() - 3);
            return measure(stem) > 0 ? stem + "ee" : word;
        }
        String intermediate = null;
        for (String suffix : List.of("ed", "ing")) {
            if (word.endsWith(suffix)) {
                String stem = word.substring(0, word.length() - suffix.length());
                if (containsVowel(stem)) {
                    intermediate = stem;
                    break;
                }
            }
        }
        if (intermediate == null) {
            return word;
        }
        char last = intermediate.charAt(intermediate.length() - 1);
        return apply(intermediate, List.of(new Rule("at", "ate", null), new Rule("bl", "ble", null),
                new Rule("iz", "ize", null),
                new Rule("*d", String.valueOf(last), stem -> "lsz".indexOf(last) < 0),
                new Rule("", "e", stem -> measure(stem) == 1 && endsCvc(stem))));
    }

    private static String step1c(String word) {
        return apply(word, List.of(new Rule("y", "i",
                stem -> stem.length() > 1 && isConsonant(stem, stem.length() - 1))));
    }

    private static String step2(String word) {
        if (word.endsWith("alli") && positiveMeasure(word.substring(0, word.length() - 4))) {
            return step2(word.substring(0, word.length() - 4) + "al");
        }
        Predicate<String> m0 = PorterStemmer::positiveMeasure;
        return apply(word, List.of(new Rule("ational", "ate", m0), new Rule("tional", "tion", m0),
                new Rule("enci", "ence", m0), new Rule("anci", "ance", m0), new Rule("izer", "ize", m0),
                new Rule("bli", "ble", m0), new Rule("alli", "al", m0), new Rule("entli", "ent", m0),
                new Rule("eli", "e", m0), new Rule("ousli", "ous", m0), new Rule("ization", "ize", m0),
                new Rule("ation", "ate", m0), new Rule("ator", "ate", m0), new Rule("alism", "al", m0),
                new Rule("iveness", "ive", m0), new Rule("fulness", "ful", m0), new Rule("ousness", "ous", m0),
                new Rule("aliti", "al", m0), new Rule("iviti", "ive", m0), new Rule("biliti", "ble", m0),
                new Rule("fulli", "ful", m0),
                // NLTK measures the word without "ogi" here, as its source does
                new Rule("logi", "log", stem -> positiveMeasure(word.substring(0, word.length() - 3)))));
    }

    private static String step3(String word) {
        Predicate<String> m0 = PorterStemmer::positiveMeasure;
        return apply(word, List.of(new Rule("icate", "ic", m0), new Rule("ative", "", m0), new Rule("alize", "al", m0),
                new Rule("iciti", "ic", m0), new Rule("ical", "ic", m0), new Rule("ful", "", m0),
                new Rule("ness", "", m0)));
    }

    private static String step4(String word) {
        Predicate<String> m1 = stem -> measure(stem) > 1;
        return apply(word, List.of(new Rule("al", "", m1), new Rule("ance", "", m1), new Rule("ence", "", m1),
                new Rule("er", "", m1), new Rule("ic", "", m1), new Rule("able", "", m1), new Rule("ible", "", m1),
                new Rule("ant", "", m1), new Rule("ement", "", m1), new Rule("ment", "", m1), new Rule("ent", "", m1),
                new Rule("ion", "", stem -> measure(stem) > 1 && !stem.isEmpty()
                        && "st".indexOf(stem.charAt(stem.length() - 1)) >= 0),
                new Rule("ou", "", m1), new Rule("ism", "", m1), new Rule("ate", "", m1), new Rule("iti", "", m1),
                new Rule("ous", "", m1), new Rule("ive", "", m1), new Rule("ize", "", m1)));
    }

    private static String step5a(String word) {
        if (word.endsWith("e")) {
            String stem = word.substring(0, word.length() - 1);
            if (measure(stem) > 1 || (measure(stem) == 1 && !endsCvc(stem))) {
                return stem;
            }
        }
        return word;
    }

    private static String step5b(String word) {
        return apply(word, List.of(new Rule("ll", "l", stem -> measure(word.substring(0, word.length() - 1)) > 1)));
    }
}
