package io.fmp.governance.audit;

import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.governance.facts.FactProjector;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The events that land in the audit trail (and its verifiable log): every domain event of every service
 * (models registered, changed, moved through their lifecycle and aliases; runs completed and failed;
 * calls refused; tuning jobs completed and failed; governance decisions; API keys issued and withdrawn),
 * each with its actor. The events governance decides on also update its facts ({@link FactProjector}).
 */
@ApplicationScoped
public class AuditedEvents implements EventHandler {

    @Inject
    AuditTrail trail;

    @Inject
    FactProjector facts;

    /** Every domain event of every service, with its actor; progress reports are telemetry and stay out. */
    @Override
    public Set<String> eventTypes() {
        return EventTypes.all().stream().filter(type -> !EventTypes.isProgress(type)).collect(Collectors.toSet());
    }

    @Override
    public void handle(EventEnvelope event) {
        trail.append(event);
        facts.apply(event);
    }
}
