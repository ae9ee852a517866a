package io.fmp.contracts.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCodecTest {

    private static final ModelRegistered PAYLOAD = new ModelRegistered("m-1", "Llama 3.1 8B", "Meta", "3.1",
            8_030_000_000L, "llama3.1", 131_072, List.of("text-generation"),
            new ModelServing(List.of(new ModelServing.Endpoint("openai-chat", "https://llm.internal/v1", "k8s:llm/api-key")),
                    0.2, 0.6, null, null, null), "team-a");

    @Test
    void envelopeRoundTripsWithItsPayload() {
        EventEnvelope sent = new EventEnvelope("e-1", EventTypes.MODEL_REGISTERED, "catalog-service", "m-1",
                Instant.parse("2026-11-22T10:15:30.123456Z"),
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", EventCodec.toData(PAYLOAD));

        EventEnvelope received = EventCodec.decode(EventCodec.encode(sent));

        assertEquals(sent, received);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", received.traceId());
        assertEquals(PAYLOAD, EventCodec.payload(received, ModelRegistered.class));
    }

    @Test
    void wireFormatIsJsonWithIsoTime() {
        EventEnvelope sent = new EventEnvelope("e-2", EventTypes.MODEL_REGISTERED, "catalog-service", "m-1",
                Instant.parse("2026-11-22T10:15:30Z"), null, EventCodec.toData(PAYLOAD));
        String json = new String(EventCodec.encode(sent), StandardCharsets.UTF_8);
        assertEquals(true, json.contains("\"time\":\"2026-11-22T10:15:30Z\""), json);
        assertNull(EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)).traceId());
    }

    @Test
    void garbageAndIncompleteEnvelopesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode("{not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> EventCodec.decode("{\"id\":\"x\",\"type\":\"model.registered\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyTypeMapsToItsDomainTopic() {
        assertEquals(Topics.CATALOG, EventTypes.topicOf(EventTypes.MODEL_REGISTERED));
        assertEquals("catalog.events.dlq", Topics.deadLetterOf(Topics.CATALOG));
        assertThrows(IllegalArgumentException.class, () -> EventTypes.topicOf("model.exploded"));
    }
}
