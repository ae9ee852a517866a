package io.fmp.tuning.deployments;

import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GovernanceModelDecided;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** A revoked approval drains every deployment of the model (traffic off, zero replicas), audited as deployment.drained. */
@ApplicationScoped
public class ApprovalRevocations implements EventHandler {

    @Inject
    Deployments deployments;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.GOVERNANCE_MODEL_DECIDED);
    }

    @Override
    public void handle(EventEnvelope event) {
        GovernanceModelDecided decided = EventCodec.payload(event, GovernanceModelDecided.class);
        if (GovernanceModelDecided.REVOKED.equals(decided.decision())) {
            deployments.drain(decided.modelId(), "service:governance-service", "governance revoked the approval of"
                    + " model " + decided.modelId() + " (decision " + decided.decisionId() + " by " + decided.decidedBy()
                    + "): " + decided.reason());
        }
    }
}
