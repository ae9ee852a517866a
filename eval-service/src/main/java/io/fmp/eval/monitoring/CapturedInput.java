package io.fmp.eval.monitoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One sampled input of a deployment, kept until its window is measured. */
@Entity
@Table(name = "captured_input")
public class CapturedInput extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String deployment;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(nullable = false)
    public String suite;

    /** JSON list */
    @Column(name = "use_case_ids", nullable = false)
    public String useCaseIds;

    @Column(name = "window_size", nullable = false)
    public int windowSize;

    @Column(nullable = false)
    public String input;

    @Column(name = "captured_at", nullable = false)
    public OffsetDateTime capturedAt;
}
