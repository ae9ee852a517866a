package io.fmp.platform.consumer;

import io.fmp.contracts.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * Which of these events {@code consumer} has applied: one query for a batch, every parameter bound as a
     * string (a list handed to a native query was bound so that PostgreSQL left the key's index: 0.5 s a batch).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> processedAmong(String consumer, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        String placeholders = String.join(", ", java.util.Collections.nCopies(eventIds.size(), "?"));
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT event_id FROM processed_event"
                    + " WHERE consumer = ? AND event_id IN (" + placeholders + ")")) {
                query.setString(1, consumer);
                for (int i = 0; i < eventIds.size(); i++) {
                    query.setString(i + 2, eventIds.get(i));
                }
                Set<String> seen = new HashSet<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        seen.add(rows.getString(1));
                    }
                }
                return seen;
            }
        });
    }

    /** Marks events processed by {@code consumer} in the current transaction, in one JDBC batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markAllProcessed(String consumer, List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_event (consumer, event_id, event_type, processed_at) VALUES (?, ?, ?, ?)")) {
                for (EventEnvelope event : events) {
                    insert.setString(1, consumer);
                    insert.setString(2, event.id());
                    insert.setString(3, event.type());
                    insert.setObject(4, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }
}
