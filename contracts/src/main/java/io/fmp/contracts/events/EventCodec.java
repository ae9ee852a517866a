package io.fmp.contracts.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.nio.charset.StandardCharsets;

/** JSON wire format of {@link EventEnvelope} and of the payload records. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // consumers must tolerate fields added by newer producers
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    public static byte[] encode(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode event " + envelope.id(), e);
        }
    }

    /** IllegalArgumentException when the bytes are not a valid envelope. */
    public static EventEnvelope decode(byte[] bytes) {
        try {
            EventEnvelope envelope = MAPPER.readValue(bytes, EventEnvelope.class);
            if (envelope == null) {
                throw new IllegalArgumentException("empty event");
            }
            return envelope;
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalArgumentException("not an event envelope: "
                    + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8), e);
        }
    }

    public static com.fasterxml.jackson.databind.JsonNode toData(Object payload) {
        return MAPPER.valueToTree(payload);
    }

    /** The payload as its record class; IllegalArgumentException if it does not match the type. */
    public static <T> T payload(EventEnvelope envelope, Class<T> payloadClass) {
        if (EventTypes.payloadOf(envelope.type()) != payloadClass) {
            throw new IllegalArgumentException(envelope.type() + " does not carry " + payloadClass.getSimpleName());
        }
        try {
            return MAPPER.treeToValue(envelope.data(), payloadClass);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad " + envelope.type() + " payload in event " + envelope.id(), e);
        }
    }
}
