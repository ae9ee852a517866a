package io.fmp.eval.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.platform.hashing.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in demo dataset (PolyAI Banking77, CC BY 4.0; see resources/datasets/banking77) split
 * deterministically 80 / 10 / 10 into train / validation / test, stratified by intent: within each
 * intent, examples are ordered by SHA-256 of seed + text and cut at 80 % and 90 %.
 */
public final class Banking77 {

    public static final String RESOURCE = "/datasets/banking77/train.csv";
    public static final String SEED = "fmp-banking77-v1";

    /** The three splits; each example keeps its line in the original file. */
    public record Split(List<DatasetExample> train, List<DatasetExample> validation, List<DatasetExample> test,
                        String sourceSha256) {
    }

    private Banking77() {
    }

    public static Split load() throws IOException {
        List<DatasetExample> all = new ArrayList<>();
        DatasetReader.Summary summary;
        try (InputStream in = Banking77.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the classpath");
            }
            summary = DatasetReader.read(in, DatasetReader.Format.CSV, all::add);
        }
        if (!summary.valid()) {
            throw new IOException("the shipped Banking77 file has errors: " + summary.errors());
        }
        Map<String, List<DatasetExample>> byIntent = new TreeMap<>();
        all.forEach(e -> byIntent.computeIfAbsent(e.label(), l -> new ArrayList<>()).add(e));
        List<DatasetExample> train = new ArrayList<>();
        List<DatasetExample> validation = new ArrayList<>();
        List<DatasetExample> test = new ArrayList<>();
        for (List<DatasetExample> examples : byIntent.values()) {
            List<DatasetExample> ordered = new ArrayList<>(examples);
            ordered.sort(Comparator.comparing((DatasetExample e) -> hash(e.input())).thenComparingLong(DatasetExample::line));
            int trainEnd = (int) Math.round(ordered.size() * 0.8);
            int validationEnd = (int) Math.round(ordered.size() * 0.9);
            train.addAll(ordered.subList(0, trainEnd));
            validation.addAll(ordered.subList(trainEnd, validationEnd));
            test.addAll(ordered.subList(validationEnd, ordered.size()));
        }
        Comparator<DatasetExample> byLine = Comparator.comparingLong(DatasetExample::line);
        train.sort(byLine);
        validation.sort(byLine);
        test.sort(byLine);
        return new Split(List.copyOf(train), List.copyOf(validation), List.copyOf(test), summary.sha256());
    }

    /**
     * The three splits as one JSONL file ({@code input}, {@code label}, {@code split} per line, in the
     * original file's order): what the platform registers as the demo dataset.
     */
    public static byte[] splitJsonl(Split split) {
        List<DatasetExample> all = new ArrayList<>();
        Map<DatasetExample, String> splitOf = new java.util.IdentityHashMap<>();
        for (var named : Map.of("train", split.train(), "validation", split.validation(), "test", split.test()).entrySet()) {
            named.getValue().forEach(e -> splitOf.put(e, named.getKey()));
            all.addAll(named.getValue());
        }
        all.sort(Comparator.comparingLong(DatasetExample::line));
        ObjectMapper json = new ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (DatasetExample example : all) {
            out.append(json.createObjectNode().put("input", example.input()).put("label", example.label())
                    .put("split", splitOf.get(example))).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hash(String text) {
        return Sha256.hex(SEED + "\n" + text);
    }
}
