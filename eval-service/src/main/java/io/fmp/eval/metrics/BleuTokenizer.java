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

    public static BleuTokenizer of(String signature) {
        for (BleuTokenizer tokenizer : values()) {
            if (tokenizer.signature.equals(signature.toLowerCase(Locale.ROOT))) {
                return tokenizer;
            }
        }
        throw new IllegalArgumentException("unknown tokenizer '" + signature + "': use 13a, intl, char or none");
    }

    private static final Pattern SYMBOLS_13A = Pattern.compile("([\\{-~\\[-` -&\\(-\\+:-@/])");
    private static final Pattern PERIOD_COMMA_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_COMMA_BEFORE_NON_DIGIT = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private static String thirteenA(String line) {
        String text = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ");
        if (text.indexOf('&') >= 0) {
            text = text.replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        }
        text = " " + text + " ";
        text = SYMBOLS_13A.matcher(text).replaceAll(" $1 ");
        text = PERIOD_COMMA_AFTER_NON_DIGIT.matcher(text).replaceAll("$1 $2 ");
        text = PERIOD_COMMA_BEFORE_NON_DIGIT.matcher(text).replaceAll(" $1 $2");
        text = DASH_AFTER_DIGIT.matcher(text).replaceAll("$1 $2 ");
        return String.join(" ", PythonText.split(text));
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
