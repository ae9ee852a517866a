package io.fmp.inference.encoders;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plain-Java tokenizer against the peer it replaces: Hugging Face's tokenizers library (Rust,
 * through DJL) on the same tokenizer.json, token id for token id, on hand-picked hard cases and on
 * thousands of random strings drawn from every script.
 */
class WordPieceTokenizerTest {

    static final List<String> HARD = List.of(
            "Where is my card?", "I was charged twice!!! Refund ONE of them...", "Größe: 5€, naïve café, résumé",
            "ΟΔΥΣΣΕΥΣ and İstanbul", "中文字符和日本語のテキスト", "emoji 😀👍🏽 and ZWJ 👩‍👩‍👧", "tabs\tand\nnew\r\nlines",
            "non\u00A0breaking\u2009thin\u2028line sep", "control\u0007chars\u0000gone\uFFFD",
            "what is [MASK] here? [CLS]inline[SEP] [UNK]", "https://example.com/path?query=1&x=2",
            "a".repeat(101), "supercalifragilisticexpialidocious antidisestablishmentarianism",
            "Arabic العربية and Hebrew עברית", "combining e\u0301 and a\u0300", "3.14159 1,000,000 -42 +7 $5 £3 ¥9",
            "", "   ", "'quotes' \"double\" «guillemets» „German“ ‚single‘", "Ⅻ ① ² ½ ﬁ ǅ",
            "mixed CASE WoRdS and Acronyms like NATO, AI, ML", "hyphen-ated and under_scored and dot.ted");

    private static HuggingFaceTokenizer rust(String resource, int maxLength) throws IOException {
        try (InputStream in = ModelFiles.open(resource)) {
            return HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "true",
                    "maxLength", Integer.toString(maxLength)));
        }
    }

    private static WordPieceTokenizer java(String resource, int maxLength) throws IOException {
        try (InputStream in = ModelFiles.open(resource)) {
            return WordPieceTokenizer.read(in, maxLength);
        }
    }

    /** Strings of words from many scripts and categories: letters, marks, digits, punctuation, symbols, spaces. */
    static List<String> randomTexts(int count, long seed) {
        int[][] ranges = {{0x20, 0x7E}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x590, 0x6FF},
                {0x900, 0x97F}, {0xE00, 0xE7F}, {0x1E00, 0x1EFF}, {0x2000, 0x206F}, {0x2100, 0x22FF}, {0x3000, 0x30FF},
                {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFB00, 0xFB4F},
                {0xFE30, 0xFE4F}, {0xFF00, 0xFFEF}, {0x1F300, 0x1F6FF}, {0x20000, 0x2A6DF}, {0x2B740, 0x2CEAF}};
        SplittableRandom random = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(1, 60);
            for (int i = 0; i < length; i++) {
                int[] range = random.nextInt(3) == 0 ? ranges[0] : ranges[random.nextInt(ranges.length)];
                int c = random.nextInt(range[0], range[1] + 1);
                if (Character.isValidCodePoint(c) && !Character.isSurrogate((char) c)) {
                    text.appendCodePoint(c);
                }
                if (random.nextInt(6) == 0) {
                    text.append(' ');
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    @Test
    void everyTokenIdEqualsTheRustLibrarys() throws IOException {
        for (String[] model : new String[][]{{"all-minilm-l6-v2-tokenizer.json", "256"},
                {"bge-small-en-v1.5-tokenizer.json", "512"}}) {
            int max = Integer.parseInt(model[1]);
            try (HuggingFaceTokenizer rust = rust(model[0], max)) {
                WordPieceTokenizer plain = java(model[0], max);
                List<String> texts = new ArrayList<>(HARD);
                texts.addAll(randomTexts(5_000, 20261203));
                texts.add(String.join(" ", Collections.nCopies(600, "card")));
                int compared = 0;
                for (String text : texts) {
                    assertArrayEquals(rust.encode(text).getIds(), plain.encode(text), model[0] + ": " + text);
                    compared++;
                }
                assertEquals(HARD.size() + 5_001, compared);
            }
        }
    }
}
