package io.fmp.eval.metrics;

import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** sacreBLEU's tokenizers, by their signature names. */
public enum BleuTokenizer {

    /** mteval-v13a, WMT's standard and sacreBLEU's default. */
    THIRTEEN_A("13a", BleuTokenizer::thirteenA),
    /** mteval-v14 international: Unicode punctuation and symbols. */
    INTL("intl", BleuTokenizer::international),
    /** Every character a token. */
    CHAR("char", BleuTokenizer::characters),
    /** The text as it is (split on white space later). */
    NONE("none", UnaryOperator.identity());

    public final String signature;
    private final UnaryOperator<String> tokenize;

    BleuTokenizer(String signature, UnaryOperator<String> tokenize) {
        this.signature = signature;
        this.tokenize = tokenize;
    }

    public String tokenize(String line) {
        return tokenize.apply(line);
    }

    /** Bounded like sacreBLEU's lru_cache on its tokenizers (2^16 lines); cleared when full. */
    private static final int CACHE_LINES = 1 << 16;
    private final java.util.concurrent.ConcurrentHashMap<String, String[]> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The line's tokens (tokenised, then split on white space as sacreBLEU does), cached. */
    public String[] tokens(String line) {
        String[] tokens = cache.get(line);
        if (tokens == null) {
            tokens = PythonText.split(tokenize(line)).toArray(String[]::new);
            if (cache.size() >= CACHE_LINES) {
                cache.clear();
            }
            cache.put(line, tokens);
        }
        return tokens;
    }

    public static BleuTokenizer of(String signature) {
        for (BleuTokenizer tokenizer : values()) {
            if (tokenizer.signature.equals(signature.toLowerCase(Locale.ROOT))) {
                return tokenizer;
            }
        }
        throw new IllegalArgumentException("unknown tokenizer '" + signature + "': use 13a, intl, char or none");
    }

    /** mteval-v13a's symbol class: the ASCII ranges { to ~, [ to `, space to &, ( to +, : to @, and /. */
    private static boolean isSymbol13a(char c) {
        return (c >= '{' && c <= '~') || (c >= '[' && c <= '`') || (c >= ' ' && c <= '&') || (c >= '(' && c <= '+')
                || (c >= ':' && c <= '@') || c == '/';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * sacreBLEU's 13a: four regular-expression passes, written as scans with the same left-to-right,
     * non-overlapping matching (a match consumes both of its characters), without regex overhead.
     */
    private static String thirteenA(String line) {
        String text = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (text.indexOf('&') >= 0) {
            text = text.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        text = " " + text + " ";
        StringBuilder pass = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isSymbol13a(c)) {
                pass.append(' ').append(c).append(' ');
            } else {
                pass.append(c);
            }
        }
        text = pass.toString();
        // period and comma unless preceded by a digit: ([^0-9])([\.,]) -> "$1 $2 "
        text = rewritePairs(text, (a, b) -> !isDigit(a) && (b == '.' || b == ','),
                (out, a, b) -> out.append(a).append(' ').append(b).append(' '));
        // period and comma unless followed by a digit: ([\.,])([^0-9]) -> " $1 $2"
        text = rewritePairs(text, (a, b) -> (a == '.' || a == ',') && !isDigit(b),
                (out, a, b) -> out.append(' ').append(a).append(' ').append(b));
        // dash after a digit: ([0-9])(-) -> "$1 $2 "
        text = rewritePairs(text, (a, b) -> isDigit(a) && b == '-',
                (out, a, b) -> out.append(a).append(' ').append(b).append(' '));
        return String.join(" ", PythonText.split(text));
    }

    private interface PairTest {
        boolean matches(char first, char second);
    }

    private interface PairWriter {
        void write(StringBuilder out, char first, char second);
    }

    /** One "(A)(B) -> replacement" regex pass: left to right, a match consumes both characters. */
    private static String rewritePairs(String text, PairTest test, PairWriter writer) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (i + 1 < text.length() && test.matches(c, text.charAt(i + 1))) {
                writer.write(out, c, text.charAt(i + 1));
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final Pattern PUNCTUATION_AFTER_NON_NUMBER = Pattern.compile("(\\P{N})(\\p{P})");
    private static final Pattern PUNCTUATION_BEFORE_NON_NUMBER = Pattern.compile("(\\p{P})(\\P{N})");
    private static final Pattern SYMBOL = Pattern.compile("(\\p{S})");

    private static String international(String line) {
        String text = PUNCTUATION_AFTER_NON_NUMBER.matcher(line).replaceAll("$1 $2 ");
        text = PUNCTUATION_BEFORE_NON_NUMBER.matcher(text).replaceAll(" $1 $2");
        text = SYMBOL.matcher(text).replaceAll(" $1 ");
        return String.join(" ", PythonText.split(text));
    }

    private static String characters(String line) {
        StringBuilder spaced = new StringBuilder(line.length() * 2);
        line.codePoints().forEach(c -> {
            if (!spaced.isEmpty()) {
                spaced.append(' ');
            }
            spaced.appendCodePoint(c);
        });
        return spaced.toString();
    }
}
