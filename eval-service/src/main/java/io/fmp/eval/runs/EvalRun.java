package io.fmp.eval.runs;

import io.fmp.platform.storage.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A run of a suite version on a catalog model: queued, leased by one worker while it runs, then finished. */
@Entity
// only changed columns are written, so an entity never writes back a column the queue's SQL changed
@org.hibernate.annotations.DynamicUpdate
@Table(name = "eval_run")
public class EvalRun extends PanacheEntityBase {

    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    @Id
    public String id;

    /** The project it belongs to (io.fmp.contracts.identity.Principal#SHARED: everybody's). */
    @Column(nullable = false)
    public String project;

    @Column(name = "suite_id", nullable = false)
    public String suiteId;

    @Column(name = "suite_name", nullable = false)
    public String suiteName;

    @Column(name = "suite_version", nullable = false)
    public int suiteVersion;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(name = "model_name", nullable = false)
    public String modelName;

    @Column(name = "model_version", nullable = false)
    public String modelVersion;

    @Column(nullable = false)
    public String adapter;

    /** {@link RunTarget} as JSON */
    @Column(nullable = false)
    public String serving;

    /** {@link RunSettings} as JSON */
    @Column(nullable = false)
    public String settings;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(nullable = false)
    public long total;

    @Column(nullable = false)
    public long done;

    @Column(nullable = false)
    public long failed;

    @Column(nullable = false)
    public long cached;

    @Column(name = "attempt_started_at")
    public OffsetDateTime attemptStartedAt;

    @Column(name = "attempt_done_at_start", nullable = false)
    public long attemptDoneAtStart;

    // the lease columns belong to platform-runtime's LeasedQueue, which alone writes them (database clock, fence)
    @Column(insertable = false, updatable = false)
    public int attempts;

    @Column(name = "lease_owner", insertable = false, updatable = false)
    public String leaseOwner;

    @Column(name = "lease_until", insertable = false, updatable = false)
    public OffsetDateTime leaseUntil;

    public String error;

    /** {@link RunSummary} as JSON, once succeeded */
    public String summary;

    @Column(name = "primary_metric", nullable = false)
    public String primaryMetric;

    @Column(name = "primary_value")
    public Double primaryValue;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public RunTarget target() {
        return Json.read(serving, RunTarget.class);
    }

    public RunSettings runSettings() {
        return Json.read(settings, RunSettings.class);
    }

    public RunSummary runSummary() {
        return summary == null ? null : Json.read(summary, RunSummary.class);
    }

    public Progress progress() {
        return Progress.of(done, total, failed, cached, attemptStartedAt == null ? null : attemptStartedAt.toInstant(),
                attemptDoneAtStart, java.time.Instant.now());
    }
}
