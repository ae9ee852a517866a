package io.fmp.catalog.governance;

import io.fmp.catalog.CatalogConfig;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.governance.v1.DecideGateRequest;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.GateFailure;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Asks governance-service before a protected alias (production) moves: allowed only when every use case relying
 * on the model passes its policies. Fails closed: no answer, no move.
 */
@ApplicationScoped
public class GovernanceGate {

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    @Inject
    CatalogConfig config;

    public boolean protects(String alias) {
        return config.gates().protectedAliases().contains(alias);
    }

    /** Returns when the gate allows; StateConflictException naming every failed rule (or the outage) otherwise. */
    public void require(String alias, String modelId) {
        GateDecision decision;
        try {
            decision = governance.withDeadlineAfter(10, TimeUnit.SECONDS).decideGate(DecideGateRequest.newBuilder()
                    .setGate("production-alias").setModelId(modelId).build());
        } catch (StatusRuntimeException e) {
            throw new StateConflictException("the " + alias + " alias is protected and governance-service could not"
                    + " decide (" + e.getStatus().getCode() + "); it stays where it is");
        }
        if (!decision.getAllowed()) {
            throw new StateConflictException("governance denied the " + alias + " alias for model " + modelId + ": "
                    + decision.getFailuresList().stream().filter(GateFailure::getDenies).map(f ->
                    (f.getUseCase().isEmpty() ? "" : "[" + f.getUseCase() + "] ") + f.getPolicy() + ": " + f.getMessage())
                    .collect(Collectors.joining("; ")));
        }
    }
}
