package io.fmp.gateway.validation;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The enumerations of the REST API. Each constant is named as its gRPC contract counterpart and
 * written as a lower-case word ({@code @JsonProperty}), which is what the OpenAPI document lists,
 * JSON carries and generated clients see; {@link #toProto} and {@link #fromProto} map by name.
 */
public final class ApiEnums {

    private ApiEnums() {
    }

    /** The contract's constant of the same name. */
    public static <P extends Enum<P>> P toProto(Enum<?> value, Class<P> protoType) {
        return value == null ? null : Enum.valueOf(protoType, value.name());
    }

    /** The API's constant of the same name; null for the contract's UNSPECIFIED (or UNRECOGNIZED). */
    public static <A extends Enum<A>> A fromProto(Enum<?> value, Class<A> apiType) {
        if (value == null) {
            return null;
        }
        for (A constant : apiType.getEnumConstants()) {
            if (constant.name().equals(value.name())) {
                return constant;
            }
        }
        return null;
    }

    /** The constant written as this word (case-insensitively); null for any other word. */
    public static <A extends Enum<A>> A parse(String word, Class<A> type) {
        for (A constant : type.getEnumConstants()) {
            if (word(constant).equalsIgnoreCase(word)) {
                return constant;
            }
        }
        return null;
    }

    /** An enum's words, sorted: what an error message lists. */
    public static List<String> words(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(ApiEnums::word).sorted().toList();
    }

    /** The word a constant is written as. */
    public static String word(Enum<?> value) {
        try {
            JsonProperty property = value.getDeclaringClass().getField(value.name()).getAnnotation(JsonProperty.class);
            return property != null ? property.value() : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a caller may do: per project viewer, contributor (register, upload, evaluate, tune), approver
     * (governance decisions), project-admin (members and keys); platform-admin everywhere.
     */
    public enum Role {
        @JsonProperty("viewer") VIEWER,
        @JsonProperty("contributor") CONTRIBUTOR,
        @JsonProperty("approver") APPROVER,
        @JsonProperty("project-admin") PROJECT_ADMIN,
        @JsonProperty("platform-admin") PLATFORM_ADMIN
    }

    /** The services behind the gateway that consume events (and so may hold dead letters). */
    public enum ConsumingService {
        @JsonProperty("catalog-service") CATALOG_SERVICE,
        @JsonProperty("eval-service") EVAL_SERVICE,
        @JsonProperty("tuning-service") TUNING_SERVICE,
        @JsonProperty("governance-service") GOVERNANCE_SERVICE
    }

    /** Where a model can be deployed. */
    public enum DeploymentOption {
        @JsonProperty("on-prem") ON_PREM,
        @JsonProperty("cloud") CLOUD,
        @JsonProperty("hybrid") HYBRID,
        @JsonProperty("edge") EDGE
    }

    /** Where a model version stands: approval comes from governance, deprecation and retirement from people. */
    public enum LifecycleState {
        @JsonProperty("candidate") CANDIDATE,
        @JsonProperty("evaluated") EVALUATED,
        @JsonProperty("approved") APPROVED,
        @JsonProperty("deprecated") DEPRECATED,
        @JsonProperty("retired") RETIRED
    }

    /** How a serving endpoint is called. */
    public enum EndpointProtocol {
        @JsonProperty("openai-chat") OPENAI_CHAT,
        @JsonProperty("openai-completions") OPENAI_COMPLETIONS,
        @JsonProperty("embedded-encoder") EMBEDDED_ENCODER
    }

    /** What a derived model's artifact is. */
    public enum ArtifactKind {
        @JsonProperty("full-weights") FULL_WEIGHTS,
        @JsonProperty("adapter") ADAPTER,
        @JsonProperty("head") HEAD
    }

    public enum Architecture {
        @JsonProperty("decoder") DECODER,
        @JsonProperty("encoder") ENCODER,
        @JsonProperty("encoder-decoder") ENCODER_DECODER,
        @JsonProperty("mixture-of-experts") MIXTURE_OF_EXPERTS
    }

    /** How much of its training data a model's publisher discloses. */
    public enum TrainingDataTransparency {
        @JsonProperty("none") TRAINING_DATA_NONE,
        @JsonProperty("summary") TRAINING_DATA_SUMMARY,
        @JsonProperty("full") TRAINING_DATA_FULL
    }

    /** Numeric precision of served weights. */
    public enum Precision {
        @JsonProperty("fp16") FP16,
        @JsonProperty("int8") INT8,
        @JsonProperty("int4") INT4
    }

    public enum DatasetFormat {
        @JsonProperty("jsonl") JSONL,
        @JsonProperty("csv") CSV
    }

    /** What a suite asks of a model, which decides how answers are read and scored. */
    public enum TaskType {
        @JsonProperty("classification") CLASSIFICATION,
        @JsonProperty("multiple-choice") MULTIPLE_CHOICE,
        @JsonProperty("generation") GENERATION,
        @JsonProperty("extraction") EXTRACTION
    }

    public enum RunState {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("succeeded") SUCCEEDED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("cancelled") CANCELLED
    }

    public enum TuningMethod {
        @JsonProperty("classifier-head") CLASSIFIER_HEAD,
        @JsonProperty("prompt-tuning") PROMPT_TUNING,
        @JsonProperty("lora") LORA,
        @JsonProperty("qlora") QLORA,
        @JsonProperty("full") FULL
    }

    /** Where a tuning job runs: this service's CPU, or GPU Jobs on Kubernetes. */
    public enum ExecutorKind {
        @JsonProperty("local") LOCAL,
        @JsonProperty("kubernetes") KUBERNETES
    }

    public enum JobState {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("registering") REGISTERING,
        @JsonProperty("succeeded") SUCCEEDED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("cancelled") CANCELLED
    }

    /** Search order of the catalog. */
    public enum ModelSort {
        @JsonProperty("name") MODEL_SORT_NAME,
        @JsonProperty("parameters") MODEL_SORT_PARAMETERS,
        @JsonProperty("context-window") MODEL_SORT_CONTEXT_WINDOW,
        @JsonProperty("registered-at") MODEL_SORT_REGISTERED_AT
    }

    public enum SortOrder {
        @JsonProperty("asc") ASC,
        @JsonProperty("desc") DESC
    }

    /** Validation metric early stopping watches. */
    public enum StoppingMetric {
        @JsonProperty("eval_loss") EVAL_LOSS,
        @JsonProperty("eval_accuracy") EVAL_ACCURACY
    }
}
