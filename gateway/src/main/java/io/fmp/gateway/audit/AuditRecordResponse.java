package io.fmp.gateway.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.grpc.ProtoTimestamps;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** One audit record as the REST API shows it. */
@org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AuditRecord")
public record AuditRecordResponse(long sequence, String subject, String eventId, String eventType,
                                  String eventSource, String traceId, Instant eventTime, Instant recordedAt,
                                  @org.eclipse.microprofile.openapi.annotations.media.Schema(
                                          description = "The event's data as it was recorded")
                                  Map<String, Object> data, String hash, String previousHash,
                                  @org.eclipse.microprofile.openapi.annotations.media.Schema(
                                          description = "Who caused the event (key:<id>, an identity provider's "
                                                  + "subject); absent for a service's own work")
                                  String actor) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
    };

    static AuditRecordResponse of(AuditRecord record) {
        try {
            return new AuditRecordResponse(record.getSequence(), record.getSubject(), record.getEventId(),
                    record.getEventType(), record.getEventSource(), record.getTraceId(),
                    ProtoTimestamps.toInstant(record.getEventTime()), ProtoTimestamps.toInstant(record.getRecordedAt()),
                    MAPPER.readValue(record.getDataJson(), DATA), record.getHash(), record.getPreviousHash(),
                    record.getActor().isEmpty() ? null : record.getActor());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
