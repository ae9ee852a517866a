package io.fmp.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code str.split()} and {@code str.rstrip()}: the reference metrics are Python, and their
 * notion of white space (str.isspace: Unicode separators, the ASCII controls 0x1c-0x1f, NEL, NBSP)
 * is wider than Java's {@link Character#isWhitespace}.
 */
public final class PythonText {

    private PythonText() {
    }

    /** Python's str.isspace for one code point. */
    public static boolean isSpace(int c) {
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f
                || c == 0x3000;
    }

    /** {@code line.split()}: runs of white space separate, no empty tokens. */
    public static List<String> split(String line) {
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < line.length(); ) {
            int c = line.codePointAt(i);
            int next = i + Character.charCount(c);
            if (isSpace(c)) {
                if (start >= 0) {
                    tokens.add(line.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i = next;
        }
        if (start >= 0) {
            tokens.add(line.substring(start));
        }
        return tokens;
    }

    /** {@code line.rstrip()}. */
    public static String rstrip(String line) {
        int end = line.length();
        while (end > 0) {
            int c = line.codePointBefore(end);
            if (!isSpace(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return line.substring(0, end);
    }

    /** {@code ''.join(line.split())}: the line without any white space. */
    public static String withoutSpace(String line) {
        StringBuilder kept = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); ) {
            int c = line.codePointAt(i);
            if (!isSpace(c)) {
                kept.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return kept.toString();
    }
}
