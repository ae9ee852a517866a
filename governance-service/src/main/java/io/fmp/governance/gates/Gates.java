package io.fmp.governance.gates;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GateDecided;
import io.fmp.governance.facts.ModelFact;
import io.fmp.governance.policies.Policies;
import io.fmp.governance.policies.PolicyEvaluation;
import io.fmp.governance.usecases.UseCase;
import io.fmp.governance.usecases.UseCaseState;
import io.fmp.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The points where the platform asks governance before it acts (a protected alias such as production, a
 * deployment): every use case that relies on the model is decided over its facts with the policies that apply
 * to it; the action may happen only when none denies. Every decision is announced, and so audited.
 */
@ApplicationScoped
public class Gates {

    private static final Logger LOG = Logger.getLogger(Gates.class);
    public static final Set<String> KINDS = Set.of("production-alias", "deployment");

    /** One failed rule: in which use case, which policy version and rule, what it says, whether it denies. */
    public record Failure(String useCaseId, String useCase, String policy, String policySha256, int rule,
                          String message, String reason, boolean denies) {
        @Override
        public String toString() {
            return useCase + ": " + policy + ": " + message;
        }
    }

    public record Decision(boolean allowed, List<Failure> failures, List<String> useCaseIds) {
    }

    @Inject
    DecisionFacts facts;

    @Inject
    Policies policies;

    @Inject
    Outbox outbox;

    @Transactional
    public Decision decide(String gate, String modelId) {
        if (gate == null || !KINDS.contains(gate)) {
            throw new InvalidInputException("gate", "must be one of " + KINDS.stream().sorted().toList());
        }
        ModelFact model = modelId == null ? null : ModelFact.findById(modelId);
        List<UseCase> relying = modelId == null ? List.of() : UseCase.<UseCase>list("approachesJson like ?1",
                "%\"" + modelId + "\"%").stream().filter(u -> u.state != UseCaseState.RETIRED).toList();
        List<Failure> failures = new ArrayList<>();
        if (relying.isEmpty()) {
            failures.add(new Failure("", "", "platform", "", 0, "no use case names model " + modelId + " as an approach;"
                    + " a model reaches " + gate + " through a use case that is assessed and approved", "NoUseCase", true));
        }
        for (UseCase useCase : relying) {
            PolicyEvaluation.Outcome outcome = PolicyEvaluation.evaluate(policies.applicable(useCase.project),
                    facts.of(useCase, modelId, gate));
            outcome.failures().forEach(f -> failures.add(new Failure(useCase.id, useCase.name, f.policy(),
                    f.policySha256(), f.rule(), f.message(), f.reason(), f.denies())));
        }
        boolean allowed = failures.stream().noneMatch(Failure::denies);
        List<String> ids = relying.stream().map(u -> u.id).toList();
        String project = model != null ? model.project : relying.isEmpty() ? "" : relying.get(0).project;
        outbox.emit(EventTypes.GOVERNANCE_GATE_DECIDED, modelId == null ? "" : modelId, new GateDecided(gate, modelId,
                project, allowed, ids, failures.stream().map(Failure::toString).toList()));
        LOG.infof("Gate %s for model %s: %s%s", gate, modelId, allowed ? "allowed" : "denied",
                failures.isEmpty() ? "" : " " + failures);
        return new Decision(allowed, failures, ids);
    }
}
