package io.fmp.eval.candidates;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A catalog model this service may evaluate; tasks decide which suites apply to it. */
@Entity
@Table(name = "evaluation_candidate")
public class EvaluationCandidate extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String version;

    /** Pipeline tags, comma-separated (tags never contain commas). */
    @Column(nullable = false)
    public String tasks;

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;
}
