package io.fmp.inference.encoders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer as Hugging Face {@code tokenizers} runs it from a {@code tokenizer.json}
 * (BertNormalizer, BertPreTokenizer, WordPiece, [CLS] ... [SEP]), in plain Java: no native library
 * to extract at run time, and no second class loader to share it with. Special tokens in the text
 * are kept whole, as the library does. Proven equal, token by token, to the Rust library on the
 * Banking77 queries and multilingual text (WordPieceTokenizerTest).
 */
final class WordPieceTokenizer {

    private static final LaterAssignments UNICODE_13 = LaterAssignments.load();

    private final Map<String, Integer> vocabulary;
    /** special tokens as they may appear in raw text, matched before normalisation */
    private final Map<String, Integer> specials;
    private final boolean cleanText;
    private final boolean chineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;
    private final String prefix;
    private final int unknown;
    private final int maxCharsPerWord;
    private final int cls;
    private final int sep;
    private final int maxTokens;

    private WordPieceTokenizer(JsonNode json, int maxTokens) {
        JsonNode model = json.path("model");
        JsonNode normalizer = json.path("normalizer");
        require("model.type", model.path("type").asText(), "WordPiece");
        require("normalizer.type", normalizer.path("type").asText(), "BertNormalizer");
        require("pre_tokenizer.type", json.path("pre_tokenizer").path("type").asText(), "BertPreTokenizer");
        vocabulary = new HashMap<>();
        model.path("vocab").fields().forEachRemaining(e -> vocabulary.put(e.getKey(), e.getValue().asInt()));
        specials = new HashMap<>();
        json.path("added_tokens").forEach(t -> {
            if (t.path("special").asBoolean()) {
                specials.put(t.path("content").asText(), t.path("id").asInt());
            }
        });
        cleanText = normalizer.path("clean_text").asBoolean(true);
        chineseChars = normalizer.path("handle_chinese_chars").asBoolean(true);
        lowercase = normalizer.path("lowercase").asBoolean(true);
        JsonNode strip = normalizer.path("strip_accents");
        stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;
        prefix = model.path("continuing_subword_prefix").asText("##");
        unknown = id(model.path("unk_token").asText("[UNK]"));
        maxCharsPerWord = model.path("max_input_chars_per_word").asInt(100);
        cls = id("[CLS]");
        sep = id("[SEP]");
        this.maxTokens = maxTokens;
    }

    /** @param maxTokens the most tokens an encoding has, [CLS] and [SEP] included */
    static WordPieceTokenizer read(InputStream tokenizerJson, int maxTokens) throws IOException {
        return new WordPieceTokenizer(new ObjectMapper().readTree(tokenizerJson), maxTokens);
    }

    /** [CLS], the text's word pieces (cut to fit), [SEP]. */
    long[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        int from = 0;
        while (from < text.length() && ids.size() < maxTokens - 2) {
            int[] special = nextSpecial(text, from);
            int end = special == null ? text.length() : special[0];
            pieces(text.substring(from, end), ids);
            if (special == null) {
                break;
            }
            ids.add(special[2]);
            from = special[1];
        }
        int kept = Math.min(ids.size(), maxTokens - 2);
        long[] encoded = new long[kept + 2];
        encoded[0] = cls;
        for (int i = 0; i < kept; i++) {
            encoded[i + 1] = ids.get(i);
        }
        encoded[kept + 1] = sep;
        return encoded;
    }

    /** The first special token at or after {@code from}: [start, end, id]; the longest wins at a position. */
    private int[] nextSpecial(String text, int from) {
        int[] best = null;
        for (Map.Entry<String, Integer> special : specials.entrySet()) {
            int at = text.indexOf(special.getKey(), from);
            if (at >= 0 && (best == null || at < best[0] || at == best[0] && at + special.getKey().length() > best[1])) {
                best = new int[]{at, at + special.getKey().length(), special.getValue()};
            }
        }
        return best;
    }

    /** Normalises, splits into words and punctuation, and adds each word's pieces. */
    private void pieces(String segment, List<Integer> ids) {
        StringBuilder word = new StringBuilder();
        String normal = normalise(segment);
        for (int i = 0; i < normal.length(); ) {
            int c = normal.codePointAt(i);
            i += Character.charCount(c);
            if (whitespace(c)) {
                word(word, ids);
            } else if (punctuation(c)) {
                word(word, ids);
                word.appendCodePoint(c);
                word(word, ids);
            } else {
                word.appendCodePoint(c);
            }
        }
        word(word, ids);
    }

    /** Greedy longest-match word pieces of one word; a word with a piece outside the vocabulary is [UNK]. */
    private void word(StringBuilder word, List<Integer> ids) {
        if (word.isEmpty()) {
            return;
        }
        String text = word.toString();
        word.setLength(0);
        if (text.codePointCount(0, text.length()) > maxCharsPerWord) {
            ids.add(unknown);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.length();
            Integer piece = null;
            while (start < end) {
                String candidate = (start > 0 ? prefix : "") + text.substring(start, end);
                piece = vocabulary.get(candidate);
                if (piece != null) {
                    break;
                }
                end = text.offsetByCodePoints(end, -1);
            }
            if (piece == null) {
                ids.add(unknown);
                return;
            }
            pieces.add(piece);
            start = end;
        }
        ids.addAll(pieces);
    }

    /** BertNormalizer: clean control characters, space out CJK ideographs, strip accents, lower-case. */
    private String normalise(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (cleanText) {
                if (c == 0 || c == 0xFFFD || control(c)) {
                    continue;
                }
                if (whitespace(c)) {
                    out.append(' ');
                    continue;
                }
            }
            if (chineseChars && chinese(c)) {
                out.append(' ').appendCodePoint(c).append(' ');
            } else {
                out.appendCodePoint(c);
            }
        }
        String result = out.toString();
        if (stripAccents) {
            String decomposed = Normalizer.normalize(result, Normalizer.Form.NFD);
            StringBuilder stripped = new StringBuilder(decomposed.length());
            decomposed.codePoints().filter(c -> type(c) != Character.NON_SPACING_MARK)
                    .forEach(stripped::appendCodePoint);
            result = stripped.toString();
        }
        return lowercase ? lower(result) : result;
    }

    /** Lower case per character, as the Rust library maps chars (no context such as Greek final sigma). */
    private static String lower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c < 128) {
                out.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
            } else if (UNICODE_13.assignedLater(c)) {
                out.appendCodePoint(c);
            } else {
                out.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
            }
        });
        return out.toString();
    }

    private static boolean whitespace(int c) {
        int type = type(c);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean control(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = type(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE;
    }

    private static boolean punctuation(int c) {
        if (c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126) {
            return true;
        }
        return switch (type(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * The character's general category as Unicode 13 has it, whatever the JDK's Unicode version: later
     * characters are unassigned, and the two marks Unicode 14 made spacing stay non-spacing.
     */
    private static int type(int c) {
        if (c == 0x1734 || c == 0x1171E) {
            return Character.NON_SPACING_MARK;
        }
        return UNICODE_13.assignedLater(c) ? Character.UNASSIGNED : Character.getType(c);
    }

    /** Code point ranges assigned after Unicode 13, from the resource beside this class. */
    private record LaterAssignments(int[] starts, int[] ends) {

        static LaterAssignments load() {
            try (InputStream in = WordPieceTokenizer.class.getResourceAsStream("unicode-assigned-after-13.txt")) {
                List<String> lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
                int[] starts = new int[lines.size()];
                int[] ends = new int[lines.size()];
                for (int i = 0; i < lines.size(); i++) {
                    String[] range = lines.get(i).split("-");
                    starts[i] = Integer.parseInt(range[0], 16);
                    ends[i] = Integer.parseInt(range[1], 16);
                }
                return new LaterAssignments(starts, ends);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean assignedLater(int c) {
            if (c < starts[0]) {
                return false; // ASCII, Latin, Greek, Cyrillic...: nothing to look up
            }
            int i = Arrays.binarySearch(starts, c);
            int range = i >= 0 ? i : -i - 2;
            return range >= 0 && c <= ends[range];
        }
    }

    private static boolean chinese(int c) {
        return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2A6DF
                || c >= 0x2A700 && c <= 0x2B73F || c >= 0x2B740 && c <= 0x2B81F || c >= 0x2B920 && c <= 0x2CEAF
                || c >= 0xF900 && c <= 0xFAFF || c >= 0x2F800 && c <= 0x2FA1F;
    }

    private int id(String token) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the tokenizer has no " + token + " token");
        }
        return id;
    }

    private static void require(String what, String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("tokenizer " + what + " is '" + actual + "'; only " + expected
                    + " is supported");
        }
    }
}
