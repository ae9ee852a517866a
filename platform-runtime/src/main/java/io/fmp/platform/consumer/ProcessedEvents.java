package io.fmp.platform.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The processed-event table: which events a consumer group has already applied. */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager entityManager;

    /** Whether {@code consumer} has applied the event. */
    @Transactional
    public boolean isProcessed(String consumer, String eventId) {
        Number seen = (Number) entityManager.createNativeQuery(
                        "SELECT COUNT(*) FROM processed_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .getSingleResult();
        return seen.longValue() > 0;
    }

    /**
     * Marks the event processed by {@code consumer} in the current transaction.
     *
     * @return false if it was already processed (the caller must skip the effect)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markProcessed(String consumer, String eventId, String eventType) {
        if (isProcessed(consumer, eventId)) {
            return false;
        }
        entityManager.createNativeQuery(
                        "INSERT INTO processed_event (consumer, event_id, event_type, processed_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .setParameter(3, eventType)
                .setParameter(4, OffsetDateTime.now(ZoneOffset.UTC))
                .executeUpdate();
        return true;
    }
}
