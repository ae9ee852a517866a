package io.fmp.tuning.deployments;

import io.fmp.contracts.guardrails.GuardrailPolicy;

import java.util.List;
import java.util.Locale;

/**
 * A deployment as asked for and checked ({@link DeploymentValidator}): what runs, where, how it scales and takes
 * traffic. Plain data, stored as JSON with the deployment.
 *
 * @param adapterModelIds LoRA adapters (tuned models) served on top of the model
 * @param fallback        another deployment of the project the gateway turns to on a 5xx or a timeout; null: none
 * @param maxModelLen     vLLM's --max-model-len; 0: the model's context window
 * @param guardrails      checks on top of the use case's (they can only tighten them)
 * @param capture         opt-in sampling of inputs for drift monitoring; null: off
 */
public record DeploymentPlan(String name, String modelId, List<String> adapterModelIds, Executor executor,
                             Resources resources, Scaling scaling, Traffic traffic, External external, String fallback,
                             int maxModelLen, GuardrailPolicy guardrails, Capture capture) {

    public DeploymentPlan {
        adapterModelIds = adapterModelIds == null ? List.of() : List.copyOf(adapterModelIds);
    }

    public enum Executor {
        LOCAL, KUBERNETES, EXTERNAL;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param gpuProduct a catalog GPU profile; null: the cheapest that fits */
    public record Resources(int gpuCount, String gpuProduct, String memory, String cpu) {
    }

    /** @param waitingRequestsTarget vllm:num_requests_waiting per replica above which KEDA adds one */
    public record Scaling(int minReplicas, int maxReplicas, boolean scaleToZero, int waitingRequestsTarget) {
    }

    /** @param canaryModelId null: no canary */
    public record Traffic(String canaryModelId, int canaryPercent) {
        public static final Traffic NONE = new Traffic(null, 0);
    }

    /** @param secretRef env:VARIABLE or k8s:secret/key; null: none */
    public record External(String url, String upstreamModel, String secretRef) {
    }

    /**
     * @param sampleRate share of requests whose inputs are sampled (0 &lt; rate &lt;= 1)
     * @param suite      the eval-service suite whose dataset is the reference; null until resolved from the use case
     * @param window     inputs per drift measurement
     */
    public record Capture(double sampleRate, String suite, int window) {
        public static final int DEFAULT_WINDOW = 200;

        public Capture withSuite(String resolved) {
            return new Capture(sampleRate, resolved, window);
        }
    }

    public DeploymentPlan withScaling(Scaling changed) {
        return new DeploymentPlan(name, modelId, adapterModelIds, executor, resources, changed, traffic, external,
                fallback, maxModelLen, guardrails, capture);
    }
}
