package io.fmp.governance.facts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** The latest evaluation of a model on a suite, with its interval and every metric (from eval.completed). */
@Entity
@EntityListeners(FactsGeneration.Listener.class)
@Table(name = "eval_fact")
@IdClass(EvalFact.Key.class)
public class EvalFact extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;

    @Id
    public String suite;

    /** The primary key: model and suite. */
    public static class Key implements Serializable {
        public String modelId;
        public String suite;

        public Key() {
        }

        public Key(String modelId, String suite) {
            this.modelId = modelId;
            this.suite = suite;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.modelId.equals(modelId) && key.suite.equals(suite);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modelId, suite);
        }
    }

    @Column(name = "run_id")
    public String runId;

    public String metric;

    @Column(name = "metric_value")
    public double value;

    @Column(name = "ci_lower")
    public Double ciLower;

    @Column(name = "ci_upper")
    public Double ciUpper;

    @Column(name = "metrics_json")
    public String metricsJson;

    public long examples;

    @Column(name = "suite_version")
    public int suiteVersion;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;
}
