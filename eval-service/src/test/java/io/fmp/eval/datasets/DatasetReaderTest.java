package io.fmp.eval.datasets;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetReaderTest {

    static DatasetReader.Summary read(String text, DatasetReader.Format format, List<DatasetExample> into) throws Exception {
        return DatasetReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format, into::add);
    }

    @Test
    void jsonlRowsAreCheckedOneByOneWithTheirLineNumbers() throws Exception {
        String jsonl = """
                {"input": "Where is my card?", "label": "card_arrival", "metadata_source": "app"}
                {"input": "Translate: Guten Morgen", "references": ["Good morning", "Morning"]}

                {"input": 42}
                not json
                {"reference": "orphan"}
                {"input": "Pick one", "choices": ["a", "b"], "label": "c"}
                """;
        List<DatasetExample> examples = new ArrayList<>();
        DatasetReader.Summary summary = read(jsonl, DatasetReader.Format.JSONL, examples);

        assertEquals(2, summary.examples());
        assertEquals(List.of(1L, 2L), examples.stream().map(DatasetExample::line).toList());
        assertEquals(List.of("Good morning", "Morning"), examples.get(1).references());
        assertEquals("app", examples.get(0).metadata().get("metadata_source"));
        assertEquals(List.of("4:input", "5:line", "6:input", "7:label"),
                summary.errors().stream().map(e -> e.line() + ":" + e.field()).toList());
        assertEquals("must be a string, was number", summary.errors().get(0).message(), "mistyped, not also missing");
        assertTrue(summary.errors().get(1).message().startsWith("is not valid JSON at column "),
                summary.errors().get(1).message());
        byte[] bytes = jsonl.getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), summary.sha256());
        assertEquals(bytes.length, summary.bytes());
    }

    @Test
    void trainingFormatsPromptCompletionAndChatAreReadWithTheirErrorsByTurn() throws Exception {
        String jsonl = """
                {"prompt": "2+2=", "completion": "4"}
                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}
                {"messages": [{"role": "user", "content": "Hi"}, {"role": "robot", "content": 7}]}
                {"messages": [{"role": "user", "content": "Only a question"}]}
                {"messages": "not a chat"}
                """;
        List<DatasetExample> examples = new ArrayList<>();
        DatasetReader.Summary summary = read(jsonl, DatasetReader.Format.JSONL, examples);

        assertEquals(List.of("2+2=", "Hi"), examples.stream().map(DatasetExample::input).toList());
        assertEquals(List.of(List.of("4"), List.of("Hello!")), examples.stream().map(DatasetExample::references).toList());
        assertTrue(examples.get(1).metadata().get("messages").startsWith("[{\"role\":\"system\""),
                "the whole chat is kept for chat fine-tuning");
        assertEquals(List.of("3:messages[1].role", "3:messages[1].content", "4:messages", "5:messages"),
                summary.errors().stream().map(e -> e.line() + ":" + e.field()).toList());
        assertEquals("must end with the assistant's turn (the completion to learn)", summary.errors().get(2).message());
    }

    @Test
    void csvHandlesQuotesEmbeddedLineBreaksAndReportsWhereARecordStarts() throws Exception {
        String csv = "text,category,note\n"
                + "plain,a,x\n"
                + "\"with, comma and \"\"quotes\"\"\",b,y\n"
                + "\"two\nlines\",c,z\n"
                + "too,many,fields,here\n"
                + ",d,empty input\n"
                + "\"never closed,e,w\n";
        List<DatasetExample> examples = new ArrayList<>();
        DatasetReader.Summary summary = read(csv, DatasetReader.Format.CSV, examples);

        assertEquals(List.of("plain", "with, comma and \"quotes\"", "two\nlines"),
                examples.stream().map(DatasetExample::input).toList());
        assertEquals(List.of(2L, 3L, 4L), examples.stream().map(DatasetExample::line).toList());
        assertEquals(List.of("6:line", "7:input", "8:line"),
                summary.errors().stream().map(e -> e.line() + ":" + e.field()).toList());
        assertEquals("c", examples.get(2).label());
        assertEquals("z", examples.get(2).metadata().get("note"));
        assertEquals("header", read("question,answer\nq,a\n", DatasetReader.Format.CSV, new ArrayList<>())
                .errors().get(0).field());
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws Exception {
        byte[] latin1 = "{\"input\": \"Gr\u00fc\u00dfe\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        DatasetReader.Summary summary = DatasetReader.read(new ByteArrayInputStream(latin1), DatasetReader.Format.JSONL,
                e -> { });
        assertEquals("is not UTF-8 text", summary.errors().get(0).message());
    }

    @Test
    void aLargeFileStreamsThroughWithoutBeingMaterialised() throws Exception {
        int rows = 300_000;
        InputStream generated = new InputStream() {
            private int row;
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() {
                if (position == current.length) {
                    if (row == rows) {
                        return -1;
                    }
                    current = ("{\"input\": \"question " + row + "\", \"label\": \"l" + (row++ % 77) + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8);
                    position = 0;
                }
                return current[position++];
            }
        };
        long[] seen = {0};
        Set<String> labels = new HashSet<>();
        DatasetReader.Summary summary = DatasetReader.read(generated, DatasetReader.Format.JSONL, e -> {
            seen[0]++;
            labels.add(e.label());
        });
        assertEquals(rows, summary.examples());
        assertEquals(rows, seen[0]);
        assertEquals(77, labels.size());
    }

    @Test
    void banking77SplitsDeterministicallyAndStratified() throws Exception {
        Banking77.Split split = Banking77.load();
        int total = split.train().size() + split.validation().size() + split.test().size();
        assertEquals(10_003, total);
        assertEquals(split, Banking77.load(), "same split every time");
        for (List<DatasetExample> part : List.of(split.train(), split.validation(), split.test())) {
            assertEquals(77, part.stream().map(DatasetExample::label).distinct().count(), "every intent in every split");
        }
        assertEquals(0.8, split.train().size() / (double) total, 0.01);
        assertEquals(0.1, split.test().size() / (double) total, 0.01);
        Set<Long> lines = new HashSet<>();
        split.train().forEach(e -> lines.add(e.line()));
        split.validation().forEach(e -> assertTrue(lines.add(e.line()), "no example in two splits"));
        split.test().forEach(e -> assertTrue(lines.add(e.line()), "no example in two splits"));
        assertTrue(split.train().stream().anyMatch(e -> e.input().contains("\n"))
                || split.validation().stream().anyMatch(e -> e.input().contains("\n"))
                || split.test().stream().anyMatch(e -> e.input().contains("\n")), "multi-line queries are read whole");
        assertEquals(64, split.sourceSha256().length());
    }
}
