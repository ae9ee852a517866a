package io.fmp.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.grpc.ProtoTimestamps;

import java.io.UncheckedIOException;
import java.time.Instant;

/** One audit record as the REST API shows it. */
public record AuditRecordResponse(long sequence, String subject, String eventId, String eventType,
                                  String eventSource, String traceId, Instant eventTime, Instant recordedAt,
                                  JsonNode data, String hash, String previousHash) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static AuditRecordResponse of(AuditRecord record) {
        try {
            return new AuditRecordResponse(record.getSequence(), record.getSubject(), record.getEventId(),
                    record.getEventType(), record.getEventSource(), record.getTraceId(),
                    ProtoTimestamps.toInstant(record.getEventTime()), ProtoTimestamps.toInstant(record.getRecordedAt()),
                    MAPPER.readTree(record.getDataJson()), record.getHash(), record.getPreviousHash());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
