package io.fmp.tuning.deployments;

import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.governance.v1.DecideGateRequest;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.GateFailure;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.guardrails.GuardrailPolicy;
import io.fmp.tuning.TuningConfig;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    /**
     * What the gate's allowing brings with it: the use cases relying on the model, the strictest of their guardrails
     * and their suites.
     */
    public record Passed(List<String> useCaseIds, GuardrailPolicy guardrails, List<String> suites) {

        /** Both passes together (a model and its canary or adapters): every use case, the stricter guardrails. */
        public Passed and(Passed other) {
            Set<String> useCases = new LinkedHashSet<>(useCaseIds);
            useCases.addAll(other.useCaseIds);
            Set<String> allSuites = new LinkedHashSet<>(suites);
            allSuites.addAll(other.suites);
            return new Passed(List.copyOf(useCases), guardrails.strictest(other.guardrails), List.copyOf(allSuites));
        }
    }

    /** Returns when the gate allows; StateConflictException naming every denying rule (or the outage) otherwise. */
    public Passed require(String modelId, String role) {
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
        return new Passed(decision.getUseCaseIdsList(), decision.hasGuardrails() ? new GuardrailPolicy(
                decision.getGuardrails().getPii(), decision.getGuardrails().getBlockToxicity()) : GuardrailPolicy.OFF,
                decision.getSuitesList());
    }
}
