package io.fmp.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * The one envelope every event on every topic travels in (CloudEvents-like, JSON on the wire).
 *
 * @param id          unique event id (UUID); consumers de-duplicate on it
 * @param type        event type, e.g. {@code model.registered}; see {@link EventTypes}
 * @param source      emitting service, e.g. {@code catalog-service}
 * @param subject     the entity the event is about, e.g. a model id; also the Kafka record key
 * @param time        when the state change committed
 * @param traceparent W3C trace context of the request that caused the change, or null
 * @param data        the event-type specific payload (one of the records in this package)
 * @param actor       who caused the change: the authenticated caller's subject ({@code key:<id>}, an identity
 *                    provider's subject), or null for a service's own work (a consumer, a worker)
 */
public record EventEnvelope(String id, String type, String source, String subject, Instant time,
                            String traceparent, JsonNode data, String actor) {

    /** An event of a service's own work, caused by nobody in particular. */
    public EventEnvelope(String id, String type, String source, String subject, Instant time, String traceparent,
                         JsonNode data) {
        this(id, type, source, subject, time, traceparent, data, null);
    }

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** The trace id part of {@link #traceparent()} ({@code 00-<trace-id>-<span-id>-<flags>}), or null. */
    public String traceId() {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }
}
