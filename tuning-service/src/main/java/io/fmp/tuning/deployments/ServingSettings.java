package io.fmp.tuning.deployments;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How deployments run: which Kubernetes variant renders them, the vLLM image, where KEDA reads vLLM's queue, how
 * often readiness is read, and the token budgets the gateway enforces. The {@code fmp.tuning.serving} group of
 * {@link io.fmp.tuning.TuningConfig}; GPU tolerations are the Kubernetes executor's
 * ({@code fmp.tuning.kubernetes.tolerations}).
 */
public interface ServingSettings {

    /** Whether {@code kubernetes} deployments may be created (the chart turns it on with the cluster's RBAC). */
    @WithDefault("false")
    boolean kubernetesEnabled();

    /**
     * {@code true}: a KServe {@code InferenceService} (Hugging Face runtime, vLLM backend); {@code false}: where the
     * cluster has no KServe, a vLLM {@code Deployment} + {@code Service} + KEDA {@code ScaledObject}.
     */
    @WithDefault("true")
    boolean kserve();

    /** Namespace of the inference objects; the client's namespace when not set. */
    Optional<String> namespace();

    /** The vLLM OpenAI server image of the plain variant. */
    @WithDefault("vllm/vllm-openai:v0.11.0")
    String vllmImage();

    /** Its digest ({@code sha256:<64 hex>}): pods run exactly that image. */
    Optional<String> vllmImageDigest();

    /** The Prometheus KEDA asks for {@code vllm:num_requests_waiting}. */
    @WithDefault("http://prometheus-operated.monitoring.svc:9090")
    String prometheusUrl();

    /** How often pending and running deployments are read from the cluster (readiness, replicas, accrued cost). */
    @WithDefault("5s")
    Duration pollInterval();

    /** A deployment that is not ready after this long fails. */
    @WithDefault("30m")
    Duration readyTimeout();

    /** Average load of a replica in cost estimates (the catalog's cost model), (0, 1]. */
    @WithDefault("0.5")
    double targetUtilisation();

    /** Texts one classify or embed call may carry. */
    @WithDefault("256")
    int maxTextsPerCall();

    /** Tokens (prompt + completion) a project may use per calendar month (UTC) through the gateway; 0: no limit. */
    @WithDefault("0")
    long tokenBudgetPerMonth();

    /** Other monthly token budgets for named projects: {@code token-budget-per-month-by-project."team-a"=1000000}. */
    Map<String, Long> tokenBudgetPerMonthByProject();

    default long tokenBudget(String project) {
        return tokenBudgetPerMonthByProject().getOrDefault(project, tokenBudgetPerMonth());
    }
}
