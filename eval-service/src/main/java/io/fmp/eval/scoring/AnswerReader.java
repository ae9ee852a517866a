package io.fmp.eval.scoring;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a label or a choice out of a free-text answer, the way a careful grader would: exact match
 * after normalisation first, then an answer that starts with exactly one candidate (longest first),
 * then the only candidate the answer mentions. Anything else is unreadable (null): counted wrong,
 * never guessed.
 */
public final class AnswerReader {

    /** "B", "(b)", "B.", "Answer: B)", "the answer is C" - a letter alone or closed by ) ] . : */
    private static final Pattern LETTER = Pattern.compile(
            "^\\s*(?:(?:the\\s+)?answer(?:\\s+is)?\\s*[:\\-]?\\s*)?[(\\[]?([a-z])(?:[)\\].:]|\\s*$)",
            Pattern.CASE_INSENSITIVE);

    private final List<String> candidates;
    private final List<String> normalised;

    public AnswerReader(List<String> candidates) {
        this.candidates = List.copyOf(candidates);
        this.normalised = candidates.stream().map(AnswerReader::normalise).toList();
    }

    /** Lower case, Unicode NFKC, underscores and dashes as spaces, punctuation and quotes gone, spaces collapsed. */
    public static String normalise(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('_', ' ').replace('-', ' ');
        StringBuilder out = new StringBuilder(folded.length());
        boolean space = true;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(c);
                space = false;
            } else if (!space && (Character.isWhitespace(c) || c == '/' || c == ',' || c == ';')) {
                out.append(' ');
                space = true;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        return out.substring(0, end);
    }

    /** The candidate the answer names, or null. */
    public String label(String answer) {
        String text = normalise(answer);
        if (text.isEmpty()) {
            return null;
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (normalised.get(i).equals(text)) {
                return candidates.get(i);
            }
        }
        List<Integer> byLength = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            byLength.add(i);
        }
        byLength.sort(Comparator.comparingInt((Integer i) -> normalised.get(i).length()).reversed());
        for (int i : byLength) {
            String candidate = normalised.get(i);
            if (!candidate.isEmpty() && (text.startsWith(candidate + " ") || text.equals(candidate))) {
                return candidates.get(i);
            }
        }
        List<Integer> mentioned = new ArrayList<>();
        String padded = " " + text + " ";
        for (int i : byLength) {
            String candidate = normalised.get(i);
            // a candidate inside a longer one already mentioned ("card" in "card arrival") is the same mention
            if (!candidate.isEmpty() && padded.contains(" " + candidate + " ")
                    && mentioned.stream().noneMatch(m -> normalised.get(m).contains(candidate))) {
                mentioned.add(i);
            }
        }
        return mentioned.size() == 1 ? candidates.get(mentioned.get(0)) : null;
    }

    /** The choice an answer picks by letter ("B", "(b)", "Answer: B.") or by text; null when unreadable. */
    public String choice(String answer) {
        Matcher letter = LETTER.matcher(answer);
        if (letter.find()) {
            int index = Character.toUpperCase(letter.group(1).charAt(0)) - 'A';
            if (index >= 0 && index < candidates.size()) {
                return candidates.get(index);
            }
        }
        return label(answer);
    }
}
