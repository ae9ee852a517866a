package io.fmp.eval.datasets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fmp.platform.storage.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;

/** One registered dataset version; its examples are rows of {@code dataset_example}. */
@Entity
@Table(name = "dataset")
public class Dataset extends PanacheEntityBase {

    @Id
    public String id;

    /** The project it belongs to (io.fmp.contracts.identity.Principal#SHARED: everybody's). */
    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public int version;

    /** jsonl or csv */
    @Column(nullable = false)
    public String format;

    public String description;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public long bytes;

    @Column(nullable = false)
    public long examples;

    /** JSON list of {@link DatasetFacts.SplitFacts} */
    @Column(nullable = false)
    public String splits;

    /** JSON list of sorted distinct labels (at most {@link DatasetStore#LABELS_LISTED}) */
    @Column(nullable = false)
    public String labels;

    @Column(name = "label_count", nullable = false)
    public int labelCount;

    @Column(name = "with_references", nullable = false)
    public long withReferences;

    @Column(name = "with_choices", nullable = false)
    public long withChoices;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public DatasetFacts facts() {
        return new DatasetFacts(id, name, version, Json.read(splits, new TypeReference<List<DatasetFacts.SplitFacts>>() {
        }), labelList(), labelCount);
    }

    public List<String> labelList() {
        return Json.read(labels, new TypeReference<List<String>>() {
        });
    }
}
