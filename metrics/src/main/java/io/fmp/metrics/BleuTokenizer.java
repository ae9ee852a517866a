package io.fmp.metrics;

import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** sacreBLEU's tokenizers, by their signature names. */
public enum BleuTokenizer {

    /** mteval-v13a, WMT's standard and sacreBLEU's default. */
    THIRTEEN_A("13a", BleuTokenizer::thirteenA),
    /** mteval-v14 international: Unicode punctuation and symbols. */
    INTL("intl", line -> PythonText.split(international(line)).toArray(String[]::new)),
    /** Every character a token. */
    CHAR("char", line -> PythonText.split(characters(line)).toArray(String[]::new)),
    /** The text as it is (split on white space). */
    NONE("none", line -> PythonText.split(line).toArray(String[]::new));

    public final String signature;
    private final Function<String, String[]> tokenize;

    BleuTokenizer(String signature, Function<String, String[]> tokenize) {
        this.signature = signature;
        this.tokenize = tokenize;
    }

    /** Bounded like sacreBLEU's lru_cache on its tokenizers (2^16 lines); cleared when full. */
    private static final int CACHE_LINES = 1 << 16;
    private final java.util.concurrent.ConcurrentHashMap<String, String[]> cache =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The line's tokens (tokenised, then split on white space as sacreBLEU does), cached by the line
     * as sacreBLEU caches its tokenizer calls.
     */
    public String[] tokens(String line) {
        String[] tokens = cache.get(line);
        if (tokens == null) {
            tokens = tokenize.apply(line);
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
     * sacreBLEU's 13a: its regular-expression passes written as scans over char arrays with the same
     * left-to-right, non-overlapping matching (a match consumes both of its characters), then one
     * split on white space.
     */
    private static String[] thirteenA(String line) {
        String text = line;
        if (text.indexOf('<') >= 0) {
            text = text.replace("<skipped>", "");
        }
        if (text.indexOf('\n') >= 0) {
            text = text.replace("-\n", "").replace("\n", " ");
        }
        if (text.indexOf('&') >= 0) {
            text = text.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        // padded with a space each side, every symbol set apart by spaces
        int n = text.length();
        char[] spaced = new char[3 * n + 2];
        int length = 0;
        spaced[length++] = ' ';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (isSymbol13a(c)) {
                spaced[length++] = ' ';
                spaced[length++] = c;
                spaced[length++] = ' ';
            } else {
                spaced[length++] = c;
            }
        }
        spaced[length++] = ' ';
        // period and comma unless preceded by a digit: ([^0-9])([\.,]) -> "$1 $2 "
        char[] a = new char[2 * length];
        int la = 0;
        for (int i = 0; i < length; i++) {
            char c = spaced[i];
            if (i + 1 < length && !isDigit(c) && (spaced[i + 1] == '.' || spaced[i + 1] == ',')) {
                a[la++] = c;
                a[la++] = ' ';
                a[la++] = spaced[++i];
                a[la++] = ' ';
            } else {
                a[la++] = c;
            }
        }
        // period and comma unless followed by a digit: ([\.,])([^0-9]) -> " $1 $2"
        char[] b = new char[2 * la];
        int lb = 0;
        for (int i = 0; i < la; i++) {
            char c = a[i];
            if (i + 1 < la && (c == '.' || c == ',') && !isDigit(a[i + 1])) {
                b[lb++] = ' ';
                b[lb++] = c;
                b[lb++] = ' ';
                b[lb++] = a[++i];
            } else {
                b[lb++] = c;
            }
        }
        // dash after a digit: ([0-9])(-) -> "$1 $2 "
        char[] d = new char[2 * lb];
        int ld = 0;
        for (int i = 0; i < lb; i++) {
            char c = b[i];
            if (i + 1 < lb && isDigit(c) && b[i + 1] == '-') {
                d[ld++] = c;
                d[ld++] = ' ';
                d[ld++] = b[++i];
                d[ld++] = ' ';
            } else {
                d[ld++] = c;
            }
        }
        return split(d, ld);
    }

    /** Python's str.split() of chars[0, length): its white space is all in the BMP, so chars will do. */
    private static String[] split(char[] chars, int length) {
        java.util.List<String> tokens = new java.util.ArrayList<>();
        int start = -1;
        for (int i = 0; i < length; i++) {
            if (PythonText.isSpace(chars[i])) {
                if (start >= 0) {
                    tokens.add(new String(chars, start, i - start));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            tokens.add(new String(chars, start, length - start));
        }
        return tokens.toArray(String[]::new);
    }

    private static final Pattern PUNCTUATION_AFTER_NON_NUMBER = Pattern.compile("(\\P{N})(\\p{P})");
    private static final Pattern PUNCTUATION_BEFORE_NON_NUMBER = Pattern.compile("(\\p{P})(\\P{N})");
    private static final Pattern SYMBOL = Pattern.compile("(\\p{S})");

    private static String international(String line) {
        String text = PUNCTUATION_AFTER_NON_NUMBER.matcher(line).replaceAll("$1 $2 ");
        text = PUNCTUATION_BEFORE_NON_NUMBER.matcher(text).replaceAll(" $1 $2");
        return SYMBOL.matcher(text).replaceAll(" $1 ");
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
