package io.fmp.catalog.governance;

import io.fmp.catalog.evaluations.ModelEvaluation;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.model.Model;
import io.fmp.catalog.model.ModelCatalog;
import io.fmp.catalog.snapshot.CatalogGeneration;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GovernanceModelDecided;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Keeps the latest governance decision per model (the governance-status read model) and applies it
 * to the lifecycle: approved makes a model approved; a rejection or revocation takes approval back
 * (to evaluated when it has results, else candidate). Deprecated and retired models keep their state.
 */
@ApplicationScoped
public class GovernanceDecisionProjector implements EventHandler {

    private static final Logger LOG = Logger.getLogger(GovernanceDecisionProjector.class);

    @Inject
    CatalogGeneration generation;

    @Inject
    ModelCatalog catalog;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.GOVERNANCE_MODEL_DECIDED);
    }

    @Override
    public void handle(EventEnvelope event) {
        GovernanceModelDecided decided = EventCodec.payload(event, GovernanceModelDecided.class);
        if (!Set.of(GovernanceModelDecided.APPROVED, GovernanceModelDecided.REJECTED, GovernanceModelDecided.REVOKED)
                .contains(decided.decision())) {
            throw new IllegalArgumentException("unknown governance decision '" + decided.decision() + "'");
        }
        OffsetDateTime decidedAt = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
        ModelGovernance status = ModelGovernance.findById(decided.modelId());
        if (status != null && status.decidedAt.isAfter(decidedAt)) {
            // an older decision arriving late must not undo a newer one
            return;
        }
        if (status == null) {
            status = new ModelGovernance();
            status.modelId = decided.modelId();
        }
        status.decision = decided.decision();
        status.decisionId = decided.decisionId();
        status.decidedBy = decided.decidedBy();
        status.reason = decided.reason();
        status.decidedAt = decidedAt;
        status.changeSeq = generation.stamp();
        status.persist();

        Model model = Model.findById(decided.modelId());
        if (model == null) {
            LOG.warnf("Governance decision %s is about model %s, which the catalog does not have",
                    decided.decisionId(), decided.modelId());
            return;
        }
        String reason = "governance decision " + decided.decisionId() + ": " + decided.decision()
                + (decided.decidedBy() == null ? "" : " by " + decided.decidedBy());
        boolean approved = GovernanceModelDecided.APPROVED.equals(decided.decision());
        if (approved && (model.lifecycleState == LifecycleState.CANDIDATE || model.lifecycleState == LifecycleState.EVALUATED)) {
            catalog.moveState(model, LifecycleState.APPROVED, reason);
        } else if (!approved && model.lifecycleState == LifecycleState.APPROVED) {
            boolean evaluated = ModelEvaluation.count("modelId", model.id) > 0;
            catalog.moveState(model, evaluated ? LifecycleState.EVALUATED : LifecycleState.CANDIDATE, reason);
        } else {
            LOG.infof("Governance decision %s (%s) leaves %s %s %s", decided.decisionId(), decided.decision(),
                    model.name, model.version, model.lifecycleState.word());
        }
    }
}
