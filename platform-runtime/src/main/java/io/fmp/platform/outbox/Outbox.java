package io.fmp.platform.outbox;

import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Records an event in the caller's transaction, so the event exists if and only if the state
 * change commits. {@link OutboxRelay} publishes it to Kafka afterwards.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "quarkus.application.name")
    String source;

    /**
     * Appends an event about {@code subject}; must run inside the transaction that makes the change.
     *
     * @return the event as it will be published
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope emit(String type, String subject, Object payload) {
        // microseconds: what both PostgreSQL and the wire format keep
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type, source, subject, now,
                TraceContext.currentTraceparent(), EventCodec.toData(payload), Callers.actor());
        OutboxEvent row = new OutboxEvent();
        row.eventId = envelope.id();
        row.topic = EventTypes.topicOf(type);
        row.eventKey = subject;
        row.eventType = type;
        row.envelope = new String(EventCodec.encode(envelope), StandardCharsets.UTF_8);
        row.createdAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        row.persist();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
        return envelope;
    }
}
