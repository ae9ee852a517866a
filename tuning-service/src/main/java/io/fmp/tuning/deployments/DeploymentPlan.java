package io.fmp.tuning.deployments;

import java.util.List;
import java.util.Locale;

/**
 * A deployment as asked for and checked ({@link DeploymentValidator}): what runs, where, how it scales and takes
 * traffic. Plain data, stored as JSON with the deployment.
 *
 * @param adapterModelIds LoRA adapters (tuned models) served on top of the model
 * @param fallback        another deployment of the project the gateway turns to on a 5xx or a timeout; null: none
 * @param maxModelLen     vLLM's --max-model-len; 0: the model's context window
 */
public record DeploymentPlan(String name, String modelId, List<String> adapterModelIds, Executor executor,
                             Resources resources, Scaling scaling, Traffic traffic, External external, String fallback,
                             int maxModelLen, Guardrails guardrails) {

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

    /** @param pii off, redact or block */
    public record Guardrails(String pii, boolean blockToxicity) {
        public static final Guardrails OFF = new Guardrails("off", false);
        public static final List<String> PII_MODES = List.of("off", "redact", "block");
    }

    public DeploymentPlan withScaling(Scaling changed) {
        return new DeploymentPlan(name, modelId, adapterModelIds, executor, resources, changed, traffic, external,
                fallback, maxModelLen, guardrails);
    }
}
