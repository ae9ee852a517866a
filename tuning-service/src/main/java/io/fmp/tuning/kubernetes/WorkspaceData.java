package io.fmp.tuning.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmp.tuning.datasets.TrainingExample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes a GPU job's training data onto the workspace volume as the JSONL files TRL loads: a chat
 * ({@code messages}) where the row has one, else {@code prompt} / {@code completion}, else plain
 * {@code text} (language modelling). Files appear whole (written aside, then moved), so a trainer
 * never reads half a file and a resumed job finds them done.
 */
public final class WorkspaceData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkspaceData() {
    }

    /** Writes {@code <dir>/train.jsonl} and, when there are examples, {@code validation.jsonl}. */
    public static void write(Path dir, List<TrainingExample> train, List<TrainingExample> validation) {
        try {
            Files.createDirectories(dir);
            file(dir.resolve("train.jsonl"), train);
            if (!validation.isEmpty()) {
                file(dir.resolve("validation.jsonl"), validation);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training data to " + dir, e);
        }
    }

    private static void file(Path target, List<TrainingExample> examples) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            for (TrainingExample example : examples) {
                out.write(JSON.writeValueAsString(row(example)));
                out.write('\n');
            }
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static ObjectNode row(TrainingExample example) throws IOException {
        ObjectNode row = JSON.createObjectNode();
        String messages = example.metadata().get("messages");
        if (messages != null) {
            row.set("messages", JSON.readTree(messages));
        } else if (!example.references().isEmpty()) {
            row.put("prompt", example.input());
            row.put("completion", example.references().get(0));
        } else {
            row.put("text", example.input());
        }
        return row;
    }
}
