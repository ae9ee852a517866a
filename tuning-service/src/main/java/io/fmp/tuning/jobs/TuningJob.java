package io.fmp.tuning.jobs;

import io.fmp.platform.storage.Json;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;

/** A tuning job: queued, leased by one worker while it runs, then finished. */
@Entity
// only changed columns are written, so an entity never writes back a column the queue's SQL changed
@org.hibernate.annotations.DynamicUpdate
@Table(name = "tuning_job")
public class TuningJob extends PanacheEntityBase {

    public enum State {
        QUEUED, RUNNING, REGISTERING, SUCCEEDED, FAILED, CANCELLED;

        /** The states a project's concurrent-jobs quota counts. */
        public static final List<State> UNFINISHED = List.of(QUEUED, RUNNING, REGISTERING);

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Id
    public String id;

    /** The project it belongs to; its tuned model and evaluation do too. */
    @Column(nullable = false)
    public String project;

    /** GPU-hours it counts against its project's monthly budget: the estimate, then what it used once trained. */
    @Column(name = "gpu_hours", nullable = false)
    public double gpuHours;

    @Column(name = "base_model_id", nullable = false)
    public String baseModelId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TuningMethod method;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExecutorKind executor;

    @Column(nullable = false)
    public int priority;

    /** {@link JobSpec} as JSON */
    @Column(nullable = false)
    public String spec;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(nullable = false)
    public String phase;

    @Column(nullable = false)
    public int epoch;

    @Column(nullable = false)
    public int epochs;

    @Column(nullable = false)
    public long step;

    @Column(nullable = false)
    public long steps;

    public Double loss;

    @Column(name = "eval_loss")
    public Double evalLoss;

    @Column(name = "eval_accuracy")
    public Double evalAccuracy;

    @Column(nullable = false)
    public double percent;

    @Column(name = "eta_seconds")
    public Double etaSeconds;

    /** {@link TuningCostEstimator.Estimate} as JSON */
    @Column(nullable = false)
    public String estimate;

    public String actual;

    @Column(name = "dataset_sha256")
    public String datasetSha256;

    @Column(name = "artifact_uri")
    public String artifactUri;

    @Column(name = "result_model_id")
    public String resultModelId;

    /** JSON object of metric name to value */
    @Column(name = "final_metrics")
    public String finalMetrics;

    @Column(name = "kubernetes_job")
    public String kubernetesJob;

    public String error;

    // the lease columns belong to platform-runtime's LeasedQueue, which alone writes them (database clock, fence)
    @Column(insertable = false, updatable = false)
    public int attempts;

    @Column(name = "lease_owner", insertable = false, updatable = false)
    public String leaseOwner;

    @Column(name = "lease_until", insertable = false, updatable = false)
    public OffsetDateTime leaseUntil;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public JobSpec jobSpec() {
        return Json.read(spec, JobSpec.class);
    }

    public TuningCostEstimator.Estimate estimated() {
        return Json.read(estimate, TuningCostEstimator.Estimate.class);
    }

    public TuningCostEstimator.Estimate recorded() {
        return actual == null ? null : Json.read(actual, TuningCostEstimator.Estimate.class);
    }

    public java.util.Map<String, Double> metrics() {
        return finalMetrics == null ? java.util.Map.of() : Json.read(finalMetrics,
                new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Double>>() {
                });
    }
}
