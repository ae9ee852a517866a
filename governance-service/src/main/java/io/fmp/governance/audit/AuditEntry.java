package io.fmp.governance.audit;

import java.time.Instant;

/**
 * The content of one audit record, the part its hash covers.
 *
 * @param actor who caused the event (null for a service's own work, and in records from before actors)
 */
public record AuditEntry(long sequence, String subject, String eventId, String eventType, String eventSource,
                         String traceId, Instant eventTime, Instant recordedAt, String dataJson, String actor) {
}
