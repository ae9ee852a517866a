package io.fmp.governance.audit;

import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * The events that land in the audit trail: catalog registrations, calls the platform refused to make,
 * and API keys issued and withdrawn.
 */
@ApplicationScoped
public class AuditedEvents implements EventHandler {

    @Inject
    AuditTrail trail;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.MODEL_REGISTERED, EventTypes.EVAL_ENDPOINT_REFUSED,
                EventTypes.GOVERNANCE_API_KEY_CREATED, EventTypes.GOVERNANCE_API_KEY_REVOKED);
    }

    @Override
    public void handle(EventEnvelope event) {
        trail.append(event);
    }
}
