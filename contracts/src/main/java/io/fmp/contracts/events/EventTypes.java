package io.fmp.contracts.events;

import java.util.Map;

/** Every event type, the topic it is published on and its payload class. */
public final class EventTypes {

    public static final String MODEL_REGISTERED = "model.registered";
    public static final String EVAL_COMPLETED = "eval.completed";

    private static final Map<String, Class<?>> PAYLOADS = Map.of(
            MODEL_REGISTERED, ModelRegistered.class,
            EVAL_COMPLETED, EvalCompleted.class);

    private EventTypes() {
    }

    /** The payload record for an event type; IllegalArgumentException for an unknown type. */
    public static Class<?> payloadOf(String type) {
        Class<?> payload = PAYLOADS.get(type);
        if (payload == null) {
            throw new IllegalArgumentException("unknown event type: " + type);
        }
        return payload;
    }

    /** The topic that carries an event type: one topic per domain, named after the type's prefix. */
    public static String topicOf(String type) {
        payloadOf(type);
        return Topics.forDomain(type.substring(0, type.indexOf('.')));
    }
}
