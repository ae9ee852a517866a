package io.fmp.eval.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.platform.hashing.Sha256;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a dataset file (JSONL, or CSV with a header) as a stream: each valid example goes to the
 * sink as soon as it is read, so a large file is never held in memory, and every bad row is
 * reported with its line number and field. The SHA-256 of the bytes read is the dataset's content
 * hash. Fields: {@code input} (required; also {@code text} or {@code prompt}), {@code reference}
 * (also {@code completion}) or {@code references}, {@code label} (also {@code category}),
 * {@code choices}, {@code split} (letters, digits, '_', '-'), anything else is metadata. Training
 * data may instead give a chat: {@code messages}, an array of {@code {role, content}} ending with
 * the assistant's turn; its last user turn is the input, the assistant's the reference, and the
 * whole conversation is kept as the {@code messages} metadata (JSON) for chat fine-tuning.
 */
public final class DatasetReader {

    public enum Format {
        JSONL, CSV
    }

    /** @param line 1-based line of the file where the bad row starts */
    public record RowError(long line, String field, String message) {
    }

    /**
     * @param examples valid examples handed to the sink
     * @param errors   the first {@link #MAX_ERRORS_LISTED} problems; {@code errorCount} counts all
     */
    public record Summary(long examples, long errorCount, List<RowError> errors, String sha256, long bytes) {
        public boolean valid() {
            return errorCount == 0;
        }
    }

    public static final int MAX_ERRORS_LISTED = 100;
    public static final int MAX_FIELD_CHARS = 100_000;
    public static final int MAX_LABEL_CHARS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INPUT = Set.of("input", "text", "prompt");
    private static final Set<String> REFERENCE = Set.of("reference", "completion");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant");
    private static final Set<String> LABEL = Set.of("label", "category");
    private static final java.util.regex.Pattern SPLIT_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private DatasetReader() {
    }

    public static Summary read(InputStream in, Format format, Consumer<DatasetExample> sink) throws IOException {
        MessageDigest sha256 = Sha256.digest();
        CountingDigestStream counted = new CountingDigestStream(in, sha256);
        Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        Collector collector = new Collector(sink);
        try (BufferedReader lines = new BufferedReader(reader, 1 << 16)) {
            if (format == Format.JSONL) {
                readJsonl(lines, collector);
            } else {
                readCsv(lines, collector);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            collector.error(collector.lastLine + 1, "file", "is not UTF-8 text");
        }
        return new Summary(collector.examples, collector.errorCount, collector.errors,
                HexFormat.of().formatHex(sha256.digest()), counted.count);
    }

    private static void readJsonl(BufferedReader lines, Collector collector) throws IOException {
        String text;
        long line = 0;
        while ((text = lines.readLine()) != null) {
            line++;
            collector.lastLine = line;
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                collector.error(line, "line", "is not valid JSON at column " + e.getLocation().getColumnNr() + ": "
                        + e.getOriginalMessage());
                continue;
            }
            if (!node.isObject()) {
                collector.error(line, "line", "must be a JSON object");
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), field.getValue());
            }
            collector.example(line, fields);
        }
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
    private static void readCsv(BufferedReader lines, Collector collector) throws IOException {
        List<String> header = null;
        long line = 0;
        String text;
        while ((text = lines.readLine()) != null) {
            line++;
            long start = line;
            collector.lastLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean broken = false;
            int i = 0;
            while (true) {
                if (i == text.length()) {
                    if (quoted) {
                        String next = lines.readLine();
                        if (next == null) {
                            collector.error(start, "line", "a quoted field opened here is never closed");
                            broken = true;
                            break;
                        }
                        line++;
                        collector.lastLine = line;
                        field.append('\n');
                        text = next;
                        i = 0;
                        continue;
                    }
                    fields.add(field.toString());
                    break;
                }
                char c = text.charAt(i++);
                if (quoted) {
                    if (c == '"' && i < text.length() && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            if (broken || (fields.size() == 1 && fields.get(0).isEmpty())) {
                continue;
            }
            if (header == null) {
                header = fields;
                if (header.stream().noneMatch(INPUT::contains)) {
                    collector.error(start, "header", "needs an input (or text, or prompt) column, has " + header);
                    return;
                }
                continue;
            }
            if (fields.size() != header.size()) {
                collector.error(start, "line", "has " + fields.size() + " fields, the header " + header.size());
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int k = 0; k < header.size(); k++) {
                row.put(header.get(k), fields.get(k));
            }
            collector.example(start, row);
        }
    }

    /** Turns field maps (JSON nodes or CSV strings) into examples or errors. */
    private static final class Collector {
        final Consumer<DatasetExample> sink;
        final List<RowError> errors = new ArrayList<>();
        long examples;
        long errorCount;
        long lastLine;

        Collector(Consumer<DatasetExample> sink) {
            this.sink = sink;
        }

        void error(long line, String field, String message) {
            errorCount++;
            if (errors.size() < MAX_ERRORS_LISTED) {
                errors.add(new RowError(line, field, message));
            }
        }

        void example(long line, Map<String, Object> fields) {
            long before = errorCount;
            String input = null;
            List<String> references = new ArrayList<>();
            String label = null;
            String split = "";
            List<String> choices = new ArrayList<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            boolean inputGiven = false;
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String name = field.getKey();
                Object value = field.getValue();
                if (INPUT.contains(name)) {
                    // a mistyped input is reported as such, not again as missing
                    inputGiven = !(value instanceof JsonNode node && node.isNull());
                    input = text(line, name, value);
                } else if (REFERENCE.contains(name)) {
                    String reference = text(line, name, value);
                    if (reference != null) {
                        references.add(reference);
                    }
                } else if (name.equals("references") || name.equals("choices")) {
                    List<String> list = texts(line, name, value);
                    (name.equals("choices") ? choices : references).addAll(list);
                } else if (LABEL.contains(name)) {
                    label = text(line, name, value);
                } else if (name.equals("messages") && value instanceof JsonNode node) {
                    // a broken chat is reported as such, not again as a missing input
                    inputGiven = true;
                    String[] turns = chat(line, node);
                    if (turns != null) {
                        input = input == null ? turns[0] : input;
                        references.add(turns[1]);
                        metadata.put("messages", node.toString());
                    }
                } else if (name.equals("split")) {
                    String given = text(line, name, value);
                    if (given != null && !SPLIT_NAME.matcher(given).matches()) {
                        error(line, name, "must be 1 to 100 letters, digits, '_' or '-', was '" + abbreviated(given) + "'");
                    } else if (given != null) {
                        split = given;
                    }
                } else {
                    metadata.put(name, value instanceof JsonNode node ? (node.isTextual() ? node.asText() : node.toString())
                            : String.valueOf(value));
                }
            }
            if (input == null && !inputGiven || input != null && input.isBlank()) {
                error(line, "input", "is required and must not be blank");
            }
            if (label != null && label.length() > MAX_LABEL_CHARS) {
                error(line, "label", "must be at most " + MAX_LABEL_CHARS + " characters, was " + label.length());
            }
            if (!choices.isEmpty() && label != null && !choices.contains(label)) {
                error(line, "label", "must be one of the choices");
            }
            if (errorCount == before) {
                examples++;
                sink.accept(new DatasetExample(line, split, input, references, label, choices, metadata));
            }
        }

        private static String abbreviated(String text) {
            return text.length() <= 40 ? text : text.substring(0, 40) + "...";
        }

        private String text(long line, String name, Object value) {
            if (value instanceof JsonNode node) {
                if (node.isNull()) {
                    return null;
                }
                if (!node.isTextual()) {
                    error(line, name, "must be a string, was " + node.getNodeType().name().toLowerCase());
                    return null;
                }
                value = node.asText();
            }
            String text = (String) value;
            if (text.length() > MAX_FIELD_CHARS) {
                error(line, name, "must be at most " + MAX_FIELD_CHARS + " characters, was " + text.length());
                return null;
            }
            return text;
        }

        /** [last user turn, final assistant turn] of a chat, or null after reporting what is wrong with it. */
        private String[] chat(long line, JsonNode messages) {
            long before = errorCount;
            if (!messages.isArray() || messages.isEmpty()) {
                error(line, "messages", "must be a non-empty array of {role, content} objects");
                return null;
            }
            String user = null;
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String at = "messages[" + i + "]";
                if (!message.isObject()) {
                    error(line, at, "must be an object with role and content");
                    continue;
                }
                JsonNode role = message.get("role");
                if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                    error(line, at + ".role", "must be system, user or assistant");
                }
                JsonNode given = message.get("content");
                String content = given == null || given.isNull() ? null : text(line, at + ".content", given);
                if (given == null || given.isNull()) {
                    error(line, at + ".content", "is required");
                }
                if (role != null && "user".equals(role.asText()) && i < messages.size() - 1) {
                    user = content;
                }
            }
            JsonNode last = messages.get(messages.size() - 1);
            if (errorCount == before && !"assistant".equals(last.path("role").asText())) {
                error(line, "messages", "must end with the assistant's turn (the completion to learn)");
            }
            if (errorCount == before && user == null) {
                error(line, "messages", "needs a user turn before the assistant's");
            }
            return errorCount == before ? new String[]{user, last.get("content").asText()} : null;
        }

        private List<String> texts(long line, String name, Object value) {
            List<String> result = new ArrayList<>();
            if (value instanceof JsonNode node) {
                if (!node.isArray()) {
                    error(line, name, "must be an array of strings");
                    return result;
                }
                for (int i = 0; i < node.size(); i++) {
                    String item = text(line, name + "[" + i + "]", node.get(i));
                    if (item != null) {
                        result.add(item);
                    }
                }
                return result;
            }
            // CSV: several values in one cell, separated by '|'
            for (String item : ((String) value).split("\\|", -1)) {
                if (!item.isEmpty()) {
                    result.add(item);
                }
            }
            return result;
        }
    }

    /** Hashes and counts the bytes as they are read. */
    private static final class CountingDigestStream extends DigestInputStream {
        long count;

        CountingDigestStream(InputStream in, MessageDigest digest) {
            super(in, digest);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
