package io.fmp.governance.audit;

import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** Every catalog change lands in the audit trail. */
@ApplicationScoped
public class CatalogEventAuditor implements EventHandler {

    @Inject
    AuditTrail trail;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.MODEL_REGISTERED);
    }

    @Override
    public void handle(EventEnvelope event) {
        trail.append(event);
    }
}
