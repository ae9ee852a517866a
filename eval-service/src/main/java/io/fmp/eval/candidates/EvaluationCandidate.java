package io.fmp.eval.candidates;

import io.fmp.contracts.events.ModelServing;
import io.fmp.platform.storage.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A catalog model this service may evaluate; tasks decide which suites apply to it. */
@Entity
@Table(name = "evaluation_candidate")
public class EvaluationCandidate extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;

    /** The project whose members may evaluate the model (the catalog's, from its events). */
    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String version;

    /** Pipeline tags, comma-separated (tags never contain commas). */
    @Column(nullable = false)
    public String tasks;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    /** {@link ModelServing} as JSON; null for candidates learned before endpoints travelled in events */
    public String serving;

    public ModelServing serving() {
        return serving == null ? ModelServing.none() : Json.read(serving, ModelServing.class);
    }

    public List<String> taskList() {
        return tasks.isEmpty() ? List.of() : Arrays.asList(tasks.split(","));
    }
}
