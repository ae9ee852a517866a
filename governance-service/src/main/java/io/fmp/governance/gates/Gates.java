package io.fmp.governance.gates;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GateDecided;
import io.fmp.governance.GovernanceConfig;
import io.fmp.governance.facts.FactsGeneration;
import io.fmp.governance.facts.ModelFact;
import io.fmp.governance.policies.Policies;
import io.fmp.governance.policies.PolicyEvaluation;
import io.fmp.governance.usecases.UseCase;
import io.fmp.governance.usecases.UseCaseState;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.SqlWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Statement;
import io.fmp.contracts.guardrails.GuardrailPolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The points where the platform asks governance before it acts (a protected alias such as production, a
 * deployment): every use case that relies on the model is decided over its facts with the policies that apply
 * to it; the action may happen only when none denies. Every decision is announced, and so audited.
 *
 * <p>Decisions are kept per gate and model for as long as the {@link FactsGeneration} they were made at is
 * current (any change to a use case, a fact, an approval, a factsheet or a policy raises it), so a repeated
 * question costs one read of the generation instead of the dozen reads of its facts.
 */
@ApplicationScoped
public class Gates {

    private static final Logger LOG = Logger.getLogger(Gates.class);
    public static final Set<String> KINDS = Set.of("production-alias", "deployment");
    /** The gate a scheduled re-evaluation passes through (governance's own, not one callers ask). */
    public static final String REEVALUATION = "re-evaluation";

    /** One failed rule: in which use case, which policy version and rule, what it says, whether it denies. */
    public record Failure(String useCaseId, String useCase, String policy, String policySha256, int rule,
                          String message, String reason, boolean denies) {
        @Override
        public String toString() {
            return useCase + ": " + policy + ": " + message;
        }
    }

    /**
     * @param guardrails the strictest of the use cases' (what serving the model must apply)
     * @param suites     the use cases' suites, in their order (a deployment's drift reference)
     */
    public record Decision(boolean allowed, List<Failure> failures, List<String> useCaseIds, String project,
                           GuardrailPolicy guardrails, List<String> suites) {

        static Decision over(boolean allowed, List<Failure> failures, List<UseCase> useCases, String project) {
            GuardrailPolicy guardrails = GuardrailPolicy.OFF;
            Set<String> suites = new LinkedHashSet<>();
            for (UseCase useCase : useCases) {
                guardrails = guardrails.strictest(useCase.guardrails());
                suites.addAll(useCase.suites());
            }
            return new Decision(allowed, List.copyOf(failures), useCases.stream().map(u -> u.id).toList(), project,
                    guardrails, List.copyOf(suites));
        }
    }

    /** The decisions made at one generation, by gate and model. */
    private record Kept(long generation, Map<String, Decision> decisions) {
    }

    private volatile Kept kept = new Kept(-1, new ConcurrentHashMap<>());

    @Inject
    DecisionFacts facts;

    @Inject
    Policies policies;

    @Inject
    Outbox outbox;

    @Inject
    FactsGeneration generation;

    @Inject
    SqlWork sql;

    @Inject
    GovernanceConfig config;

    @Transactional
    public Decision decide(String gate, String modelId) {
        if (gate == null || !KINDS.contains(gate)) {
            throw new InvalidInputException("gate", "must be one of " + KINDS.stream().sorted().toList());
        }
        // read before the facts: a change committed in between raises it again, so nothing stale is kept
        long current = generation.current();
        Kept at = kept;
        if (at.generation() != current) {
            at = new Kept(current, new ConcurrentHashMap<>());
            kept = at;
        }
        String key = gate + " " + modelId;
        Decision decision = at.decisions().get(key);
        if (decision == null) {
            Made made = decideOverFacts(gate, modelId);
            decision = made.decision();
            if (made.overCompleteFacts()) {
                at.decisions().put(key, decision);
            }
        }
        if (!config.gates().durableDecisionRecords()) {
            sql.apply(connection -> {
                if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET LOCAL synchronous_commit TO OFF");
                    }
                }
                return null;
            });
        }
        announce(gate, modelId, decision);
        return decision;
    }

    /**
     * A scheduled re-evaluation's decision: would the gate let the model through with the use case back in
     * {@code returningTo}, over the fresh results? Announced as gate {@code re-evaluation}, never kept.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Decision reevaluate(UseCase useCase, String modelId, UseCaseState returningTo) {
        List<Failure> failures = failures(useCase, facts.gather(useCase, modelId, REEVALUATION, returningTo));
        Decision decision = Decision.over(failures.stream().noneMatch(Failure::denies), failures, List.of(useCase),
                useCase.project);
        announce(REEVALUATION, modelId, decision);
        return decision;
    }

    private List<Failure> failures(UseCase useCase, DecisionFacts.Gathered gathered) {
        return PolicyEvaluation.evaluate(policies.applicable(useCase.project), gathered.variables()).failures().stream()
                .map(f -> new Failure(useCase.id, useCase.name, f.policy(), f.policySha256(), f.rule(), f.message(),
                        f.reason(), f.denies())).toList();
    }

    private void announce(String gate, String modelId, Decision decision) {
        outbox.emit(EventTypes.GOVERNANCE_GATE_DECIDED, modelId == null ? "" : modelId, new GateDecided(gate, modelId,
                decision.project(), decision.allowed(), decision.useCaseIds(),
                decision.failures().stream().map(Failure::toString).toList()));
        LOG.infof("Gate %s for model %s: %s%s", gate, modelId, decision.allowed() ? "allowed" : "denied",
                decision.failures().isEmpty() ? "" : " " + decision.failures());
    }

    private record Made(Decision decision, boolean overCompleteFacts) {
    }

    private Made decideOverFacts(String gate, String modelId) {
        ModelFact model = modelId == null ? null : ModelFact.findById(modelId);
        List<UseCase> relying = modelId == null ? List.of() : UseCase.<UseCase>list("approachesJson like ?1",
                "%\"" + modelId + "\"%").stream().filter(u -> u.state != UseCaseState.RETIRED).toList();
        List<Failure> failures = new ArrayList<>();
        boolean complete = true;
        if (relying.isEmpty()) {
            failures.add(new Failure("", "", "platform", "", 0, "no use case names model " + modelId + " as an approach;"
                    + " a model reaches " + gate + " through a use case that is assessed and approved", "NoUseCase", true));
        }
        for (UseCase useCase : relying) {
            DecisionFacts.Gathered gathered = facts.gather(useCase, modelId, gate);
            complete &= gathered.complete();
            failures.addAll(failures(useCase, gathered));
        }
        boolean allowed = failures.stream().noneMatch(Failure::denies);
        String project = model != null ? model.project : relying.isEmpty() ? "" : relying.get(0).project;
        return new Made(Decision.over(allowed, failures, relying, project), complete);
    }
}
