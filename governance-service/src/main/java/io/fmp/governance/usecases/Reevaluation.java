package io.fmp.governance.usecases;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One run of a scheduled re-evaluation round: a suite of the use case on the model in production. */
@Entity
@Table(name = "reevaluation")
public class Reevaluation extends PanacheEntityBase {

    static final String STARTING = "starting";
    static final String RUNNING = "running";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    /** Also the run's idempotency key at eval-service. */
    @Id
    public String id;

    @Column(name = "round_id")
    public String roundId;

    @Column(name = "use_case_id")
    public String useCaseId;

    public String project;

    @Column(name = "model_id")
    public String modelId;

    public String suite;

    public String state;

    @Column(name = "run_id")
    public String runId;

    /** Why a start or a run failed. */
    public String detail;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    boolean ended() {
        return SUCCEEDED.equals(state) || FAILED.equals(state);
    }
}
