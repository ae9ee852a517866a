package io.fmp.gateway.validation;

import io.fmp.contracts.catalog.v1.DeploymentOption;
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

    private ApiWords() {
    }
}
