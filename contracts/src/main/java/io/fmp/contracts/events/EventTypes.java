package io.fmp.contracts.events;

import java.util.Map;
import java.util.Set;

/** Every event type, the topic it is published on and its payload class. */
public final class EventTypes {

    public static final String MODEL_REGISTERED = "model.registered";
    public static final String MODEL_UPDATED = "model.updated";
    public static final String MODEL_STATE_CHANGED = "model.state-changed";
    public static final String MODEL_ALIAS_MOVED = "model.alias-moved";
    public static final String DATASET_REGISTERED = "dataset.registered";
    public static final String SUITE_REGISTERED = "suite.registered";
    public static final String EVAL_STARTED = "eval.started";
    public static final String EVAL_CANCELLED = "eval.cancelled";
    public static final String EVAL_PROGRESS = "eval.progress";
    public static final String EVAL_COMPLETED = "eval.completed";
    public static final String EVAL_FAILED = "eval.failed";
    public static final String EVAL_ENDPOINT_REFUSED = "eval.endpoint-refused";
    public static final String EVAL_INPUT_DRIFT = "eval.input-drift";
    public static final String TUNING_STARTED = "tuning.started";
    public static final String TUNING_CANCELLED = "tuning.cancelled";
    public static final String TUNING_PROGRESS = "tuning.progress";
    public static final String TUNING_COMPLETED = "tuning.completed";
    public static final String TUNING_FAILED = "tuning.failed";
    public static final String DEPLOYMENT_CREATED = "deployment.created";
    public static final String DEPLOYMENT_READY = "deployment.ready";
    public static final String DEPLOYMENT_SCALED = "deployment.scaled";
    public static final String DEPLOYMENT_DRAINED = "deployment.drained";
    public static final String DEPLOYMENT_FAILED = "deployment.failed";
    public static final String DEPLOYMENT_DELETED = "deployment.deleted";
    public static final String GOVERNANCE_MODEL_DECIDED = "governance.model-decided";
    public static final String GOVERNANCE_API_KEY_CREATED = "governance.api-key-created";
    public static final String GOVERNANCE_API_KEY_REVOKED = "governance.api-key-revoked";
    public static final String GOVERNANCE_USE_CASE_CHANGED = "governance.use-case-changed";
    public static final String GOVERNANCE_ASSESSMENT_COMPLETED = "governance.assessment-completed";
    public static final String GOVERNANCE_APPROVAL_REQUESTED = "governance.approval-requested";
    public static final String GOVERNANCE_APPROVAL_DECIDED = "governance.approval-decided";
    public static final String GOVERNANCE_GATE_DECIDED = "governance.gate-decided";
    public static final String GOVERNANCE_REVIEW_REQUIRED = "governance.review-required";
    public static final String GOVERNANCE_POLICY_CHANGED = "governance.policy-changed";
    public static final String GOVERNANCE_FACTSHEET_GENERATED = "governance.factsheet-generated";

    private static final Map<String, Class<?>> PAYLOADS = Map.ofEntries(
            Map.entry(MODEL_REGISTERED, ModelRegistered.class),
            Map.entry(MODEL_UPDATED, ModelUpdated.class),
            Map.entry(MODEL_STATE_CHANGED, ModelStateChanged.class),
            Map.entry(MODEL_ALIAS_MOVED, ModelAliasMoved.class),
            Map.entry(DATASET_REGISTERED, DatasetRegistered.class),
            Map.entry(SUITE_REGISTERED, SuiteRegistered.class),
            Map.entry(EVAL_STARTED, EvalStarted.class),
            Map.entry(EVAL_CANCELLED, EvalCancelled.class),
            Map.entry(EVAL_PROGRESS, EvalProgress.class),
            Map.entry(EVAL_COMPLETED, EvalCompleted.class),
            Map.entry(EVAL_FAILED, EvalFailed.class),
            Map.entry(EVAL_ENDPOINT_REFUSED, EvalEndpointRefused.class),
            Map.entry(EVAL_INPUT_DRIFT, InputDriftMeasured.class),
            Map.entry(TUNING_STARTED, TuningStarted.class),
            Map.entry(TUNING_CANCELLED, TuningCancelled.class),
            Map.entry(TUNING_PROGRESS, TuningProgress.class),
            Map.entry(TUNING_COMPLETED, TuningCompleted.class),
            Map.entry(TUNING_FAILED, TuningFailed.class),
            Map.entry(DEPLOYMENT_CREATED, DeploymentChanged.class),
            Map.entry(DEPLOYMENT_READY, DeploymentChanged.class),
            Map.entry(DEPLOYMENT_SCALED, DeploymentChanged.class),
            Map.entry(DEPLOYMENT_DRAINED, DeploymentChanged.class),
            Map.entry(DEPLOYMENT_FAILED, DeploymentChanged.class),
            Map.entry(DEPLOYMENT_DELETED, DeploymentChanged.class),
            Map.entry(GOVERNANCE_MODEL_DECIDED, GovernanceModelDecided.class),
            Map.entry(GOVERNANCE_API_KEY_CREATED, ApiKeyChanged.class),
            Map.entry(GOVERNANCE_API_KEY_REVOKED, ApiKeyChanged.class),
            Map.entry(GOVERNANCE_USE_CASE_CHANGED, UseCaseChanged.class),
            Map.entry(GOVERNANCE_ASSESSMENT_COMPLETED, AssessmentCompleted.class),
            Map.entry(GOVERNANCE_APPROVAL_REQUESTED, ApprovalChanged.class),
            Map.entry(GOVERNANCE_APPROVAL_DECIDED, ApprovalChanged.class),
            Map.entry(GOVERNANCE_GATE_DECIDED, GateDecided.class),
            Map.entry(GOVERNANCE_REVIEW_REQUIRED, ReviewRequired.class),
            Map.entry(GOVERNANCE_POLICY_CHANGED, PolicyChanged.class),
            Map.entry(GOVERNANCE_FACTSHEET_GENERATED, FactsheetGenerated.class));

    private EventTypes() {
    }

    /** Every event type the platform knows. */
    public static Set<String> all() {
        return PAYLOADS.keySet();
    }

    /** Progress reports: telemetry of work under way (UIs, operators), not changes of anything's state. */
    public static boolean isProgress(String type) {
        return type.endsWith(".progress");
    }

    /** The payload record for an event type; IllegalArgumentException for an unknown type. */
    public static Class<?> payloadOf(String type) {
        Class<?> payload = PAYLOADS.get(type);
        if (payload == null) {
            throw new IllegalArgumentException("unknown event type: " + type);
        }
        return payload;
    }

    /** The topic that carries an event type: one topic per domain, named after the type's prefix. */
    public static String topicOf(String type) {
        payloadOf(type);
        return Topics.forDomain(type.substring(0, type.indexOf('.')));
    }
}
