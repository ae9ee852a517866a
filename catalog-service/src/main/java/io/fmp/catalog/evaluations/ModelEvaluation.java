package io.fmp.catalog.evaluations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The latest evaluation result of one model on one suite, as eval-service reported it. */
@Entity
@Table(name = "model_evaluation")
public class ModelEvaluation extends PanacheEntityBase {

    /** {@code <model id>/<suite>} */
    @Id
    public String id;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(nullable = false)
    public String suite;

    @Column(nullable = false)
    public String metric;

    @Column(name = "metric_value", nullable = false)
    public double value;

    @Column(name = "p95_latency_ms")
    public Double p95LatencyMs;

    @Column(nullable = false)
    public long examples;

    @Column(name = "run_id", nullable = false)
    public String runId;

    @Column(name = "completed_at", nullable = false)
    public OffsetDateTime completedAt;

    @Column(name = "change_seq", nullable = false)
    public long changeSeq;

    public Evaluation toRecord() {
        return new Evaluation(suite, metric, value, p95LatencyMs, examples, runId, completedAt);
    }

    static String key(String modelId, String suite) {
        return modelId + "/" + suite;
    }
}
