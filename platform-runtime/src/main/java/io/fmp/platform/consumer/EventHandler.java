package io.fmp.platform.consumer;

import io.fmp.contracts.events.EventEnvelope;

import java.util.Set;

/**
 * A service's reaction to events. Implementations are CDI beans; {@link IdempotentEventConsumer}
 * calls {@link #handle} inside the transaction that also records the event as processed, so the
 * effect happens exactly once per event id even when Kafka delivers it again.
 */
public interface EventHandler {

    /** The event types this handler reacts to, e.g. {@code model.registered}. */
    Set<String> eventTypes();

    /** Applies the event; throwing rolls the effect back and the event is retried, then dead-lettered. */
    void handle(EventEnvelope event);
}
