package io.fmp.tuning.deployments;

import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.governance.v1.DecideGateRequest;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.GateFailure;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.tuning.TuningConfig;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Asks governance-service's {@code deployment} gate before a model is deployed or scaled: allowed only when every use
 * case relying on the model passes its policies (assessed, approved, evaluated above its threshold...). Fails
 * closed: no answer, no deployment.
 */
@ApplicationScoped
public class DeploymentGate {

    public static final String GATE = "deployment";

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    @Inject
    TuningConfig config;

    /** Returns when the gate allows; StateConflictException naming every denying rule (or the outage) otherwise. */
    public void require(String modelId, String role) {
        GateDecision decision;
        try {
            decision = governance.withDeadlineAfter(config.downstreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .decideGate(DecideGateRequest.newBuilder().setGate(GATE).setModelId(modelId).build());
        } catch (StatusRuntimeException e) {
            throw new StateConflictException("governance-service could not decide whether " + role + " " + modelId
                    + " may be deployed (" + e.getStatus().getCode() + "); nothing was deployed");
        }
        if (!decision.getAllowed()) {
            throw new StateConflictException("governance denied deploying " + role + " " + modelId + ": "
                    + decision.getFailuresList().stream().filter(GateFailure::getDenies).map(f ->
                    (f.getUseCase().isEmpty() ? "" : "[" + f.getUseCase() + "] ") + f.getPolicy() + ": " + f.getMessage())
                    .collect(Collectors.joining("; ")));
        }
    }
}
