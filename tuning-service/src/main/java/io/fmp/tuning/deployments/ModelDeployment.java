package io.fmp.tuning.deployments;

import io.fmp.contracts.guardrails.GuardrailPolicy;
import io.fmp.platform.storage.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/** A deployment of a catalog model: its plan, where it is served, its state and what it has cost so far. */
@Entity
@Table(name = "model_deployment")
public class ModelDeployment extends PanacheEntityBase {

    public enum State {
        PENDING, READY, DRAINED, FAILED, DELETED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** States whose replicas run (and cost). */
        public boolean running() {
            return this == PENDING || this == READY;
        }
    }

    public static final String TASK_CLASSIFICATION = "text-classification";
    public static final String TASK_EMBEDDINGS = "feature-extraction";
    public static final String TASK_GENERATION = "text-generation";
    /** The endpoint of a {@code local} deployment: tuning-service's Classify and Embed. */
    public static final String LOCAL_ENDPOINT = "local:";

    @Id
    public String id;

    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String name;

    @Column(name = "live_name")
    public String liveName;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(name = "model_name", nullable = false)
    public String modelName;

    @Column(nullable = false)
    public String executor;

    @Column(nullable = false)
    public String plan;

    @Column(nullable = false)
    public String state;

    public String reason;

    @Column(nullable = false)
    public String task;

    public String endpoint;

    @Column(name = "canary_endpoint")
    public String canaryEndpoint;

    @Column(name = "served_model", nullable = false)
    public String servedModel;

    /** JSON list of adapter names */
    @Column(name = "served_adapters", nullable = false)
    public String servedAdapters;

    @Column(name = "object_name")
    public String objectName;

    /** JSON list of the cluster objects' kinds */
    @Column(nullable = false)
    public String objects;

    @Column(name = "ready_replicas", nullable = false)
    public int readyReplicas;

    /** {@link DeploymentCosts.Estimate} as JSON */
    @Column(nullable = false)
    public String estimate;

    @Column(name = "gpu_hours", nullable = false)
    public double gpuHours;

    @Column(nullable = false)
    public double usd;

    @Column(nullable = false)
    public double kwh;

    @Column(name = "kg_co2", nullable = false)
    public double kgCo2;

    @Column(name = "accrued_at", nullable = false)
    public OffsetDateTime accruedAt;

    /** JSON list of the use cases whose approval let the model through the gate */
    @Column(name = "use_case_ids", nullable = false)
    public String useCaseIds;

    /** {@link GuardrailPolicy} as JSON: the strictest of the use cases' and the plan's */
    @Column(nullable = false)
    public String guardrails;

    /** {@link DeploymentPlan.Capture} as JSON, its suite resolved; null: no capture */
    public String capture;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public State currentState() {
        return State.valueOf(state.toUpperCase(Locale.ROOT));
    }

    public DeploymentPlan deploymentPlan() {
        return Json.read(plan, DeploymentPlan.class);
    }

    public DeploymentCosts.Estimate estimated() {
        return Json.read(estimate, DeploymentCosts.Estimate.class);
    }

    public List<String> adapters() {
        return List.of(Json.read(servedAdapters, String[].class));
    }

    /** Whether its cluster objects are a KServe InferenceService (else vLLM's own, or none). */
    public boolean onKServe() {
        return objectKinds().contains("InferenceService");
    }

    public List<String> useCases() {
        return List.of(Json.read(useCaseIds, String[].class));
    }

    public GuardrailPolicy guardrailPolicy() {
        return Json.read(guardrails, GuardrailPolicy.class);
    }

    public DeploymentPlan.Capture capture() {
        return capture == null ? null : Json.read(capture, DeploymentPlan.Capture.class);
    }

    public List<String> objectKinds() {
        return List.of(Json.read(objects, String[].class));
    }
}
