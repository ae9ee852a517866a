package io.fmp.catalog.grpc;

import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.contracts.catalog.v1.DeploymentOption;

/** The protobuf enums that mirror domain enums; UNSPECIFIED maps to null ("no value given"). */
final class ProtoEnums {

    private ProtoEnums() {
    }

    static DeploymentMode deploymentMode(DeploymentOption option) {
        return switch (option) {
            case ON_PREM -> DeploymentMode.ON_PREM;
            case CLOUD -> DeploymentMode.CLOUD;
            case HYBRID -> DeploymentMode.HYBRID;
            case EDGE -> DeploymentMode.EDGE;
            default -> null;
        };
    }

    static LifecycleState lifecycleState(io.fmp.contracts.catalog.v1.LifecycleState state) {
        return switch (state) {
            case CANDIDATE -> LifecycleState.CANDIDATE;
            case EVALUATED -> LifecycleState.EVALUATED;
            case APPROVED -> LifecycleState.APPROVED;
            case DEPRECATED -> LifecycleState.DEPRECATED;
            case RETIRED -> LifecycleState.RETIRED;
            default -> null;
        };
    }
}
