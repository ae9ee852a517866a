package io.fmp.eval.datasets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fmp.platform.storage.Json;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Rows of {@code dataset_example} to and from {@link DatasetExample}. */
public final class ExampleRows {

    /** The columns {@link #read} expects, in a SELECT of dataset_example aliased {@code e}. */
    public static final String COLUMNS = "e.ordinal, e.line, e.split, e.input, e.refs, e.label, e.choices, e.metadata";
    static final String INSERT = "INSERT INTO dataset_example (dataset_id, ordinal, line, split, input, refs, label, "
            + "choices, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    /** An example with its position in the dataset version (0-based, file order). */
    public record Numbered(int ordinal, DatasetExample example) {
    }

    private ExampleRows() {
    }

    public static Numbered read(ResultSet row) throws SQLException {
        String refs = row.getString("refs");
        String choices = row.getString("choices");
        String metadata = row.getString("metadata");
        return new Numbered(row.getInt("ordinal"), new DatasetExample(row.getLong("line"), row.getString("split"),
                row.getString("input"), refs == null ? List.of() : Json.read(refs, STRINGS), row.getString("label"),
                choices == null ? List.of() : Json.read(choices, STRINGS),
                metadata == null ? Map.of() : Json.read(metadata, FIELDS)));
    }

    static void bind(PreparedStatement insert, String datasetId, int ordinal, DatasetExample example)
            throws SQLException {
        insert.setString(1, datasetId);
        insert.setInt(2, ordinal);
        insert.setLong(3, example.line());
        insert.setString(4, example.split());
        insert.setString(5, example.input());
        insert.setString(6, example.references().isEmpty() ? null : Json.write(example.references()));
        insert.setString(7, example.label());
        insert.setString(8, example.choices().isEmpty() ? null : Json.write(example.choices()));
        insert.setString(9, example.metadata().isEmpty() ? null : Json.write(example.metadata()));
    }
}
