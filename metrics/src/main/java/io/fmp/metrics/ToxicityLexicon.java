package io.fmp.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transparent baseline for toxic language: whole-word matches against a short lexicon of
 * insults, profanity and threats in English and German. It finds the obvious and misses sarcasm,
 * context and spelling tricks; it is a floor to compare classifiers against, not a classifier.
 * The lexicon is {@link #TERMS}, so every flag can be explained.
 */
public final class ToxicityLexicon {

    public static final List<String> TERMS = List.of(
            // English
            "idiot", "idiots", "moron", "morons", "stupid", "dumb", "loser", "losers", "shut up", "hate you",
            "kill yourself", "kill you", "die in a fire", "fuck", "fucking", "fuck off", "shit", "bitch", "bastard",
            "asshole", "dickhead", "scum", "worthless", "pathetic",
            // German
            "idiot", "vollidiot", "dumm", "blöd", "halt die klappe", "arschloch", "scheiße", "scheisse", "wichser",
            "hurensohn", "missgeburt", "ich hasse dich", "verpiss dich", "bring dich um");

    private static final Pattern LEXICON = Pattern.compile("(?<![\\p{L}\\p{N}_])("
            + String.join("|", TERMS.stream().distinct().sorted((a, b) -> b.length() - a.length())
            .map(Pattern::quote).toList()) + ")(?![\\p{L}\\p{N}_])");

    private ToxicityLexicon() {
    }

    /** The lexicon terms the text contains, in order. */
    public static List<String> matches(String text) {
        Matcher matcher = LEXICON.matcher(text.toLowerCase(Locale.ROOT));
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** Share of outputs with at least one lexicon term, 0 to 1. */
    public static double toxicRate(List<String> outputs) {
        return outputs.isEmpty() ? 0 : (double) outputs.stream().filter(o -> !matches(o).isEmpty()).count() / outputs.size();
    }
}
