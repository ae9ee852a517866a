package io.fmp.gateway.validation;

import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.LifecycleState;

import java.util.Map;

/** The words the REST API uses for enumerations, mapped to the gRPC contract's enums. */
public final class ApiWords {

    public static final Map<String, DeploymentOption> DEPLOYMENT_OPTIONS = Map.of(
            "on-prem", DeploymentOption.ON_PREM, "cloud", DeploymentOption.CLOUD,
            "hybrid", DeploymentOption.HYBRID, "edge", DeploymentOption.EDGE);

    public static final Map<String, LifecycleState> LIFECYCLE_STATES = Map.of(
            "candidate", LifecycleState.CANDIDATE, "evaluated", LifecycleState.EVALUATED,
            "approved", LifecycleState.APPROVED, "deprecated", LifecycleState.DEPRECATED,
            "retired", LifecycleState.RETIRED);

    public static final Map<String, EndpointProtocol> ENDPOINT_PROTOCOLS = Map.of(
            "openai-chat", EndpointProtocol.OPENAI_CHAT, "openai-completions", EndpointProtocol.OPENAI_COMPLETIONS,
            "embedded-encoder", EndpointProtocol.EMBEDDED_ENCODER);

    public static final Map<String, ArtifactKind> ARTIFACT_KINDS = Map.of(
            "full-weights", ArtifactKind.FULL_WEIGHTS, "adapter", ArtifactKind.ADAPTER, "head", ArtifactKind.HEAD);

    private ApiWords() {
    }

    /** ON_PREM -> on-prem, MIXTURE_OF_EXPERTS -> mixture-of-experts: the words the API accepts. */
    public static String word(String enumName) {
        return enumName.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
