package io.fmp.eval.tuned;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A suite run a tuning job asked for on its tuned model; {@code runId} once it started. */
@Entity
@Table(name = "tuned_model_evaluation")
public class TunedModelEvaluation extends PanacheEntityBase {

    @Id
    @Column(name = "tuning_job_id")
    public String tuningJobId;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    /** The tuning job's project: the run belongs to it. */
    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String suite;

    @Column(name = "run_id")
    public String runId;

    public String note;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
