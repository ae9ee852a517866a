package io.fmp.governance.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** One appended audit record. */
@Entity
@Table(name = "audit_record")
public class AuditRecord extends PanacheEntityBase {

    @Id
    public long sequence;

    @Column(nullable = false)
    public String subject;

    @Column(name = "event_id", nullable = false, unique = true)
    public String eventId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "event_source", nullable = false)
    public String eventSource;

    @Column(name = "trace_id")
    public String traceId;

    @Column(name = "event_time", nullable = false)
    public OffsetDateTime eventTime;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;

    @Column(name = "data_json", nullable = false, columnDefinition = "TEXT")
    public String dataJson;

    @Column(nullable = false)
    public String hash;

    @Column(name = "previous_hash", nullable = false)
    public String previousHash;

    /** Who caused the event; null for a service's own work. */
    public String actor;

    public AuditEntry entry() {
        return new AuditEntry(sequence, subject, eventId, eventType, eventSource, traceId,
                eventTime.toInstant(), recordedAt.toInstant(), dataJson, actor);
    }

    /** SHA-256(0x00 || {@link AuditLeaf#bytes}) in hex: its leaf in the audit log's Merkle tree. */
    @Column(name = "leaf_hash")
    public String leafHash;

    /** The project of the event's resource, from its data; null when it names none (administrators only). */
    public String project;

    static AuditRecord of(AuditEntry entry, String previousHash, String hash) {
        AuditRecord record = new AuditRecord();
        record.sequence = entry.sequence();
        record.subject = entry.subject();
        record.eventId = entry.eventId();
        record.eventType = entry.eventType();
        record.eventSource = entry.eventSource();
        record.traceId = entry.traceId();
        record.eventTime = OffsetDateTime.ofInstant(entry.eventTime(), ZoneOffset.UTC);
        record.recordedAt = OffsetDateTime.ofInstant(entry.recordedAt(), ZoneOffset.UTC);
        record.dataJson = entry.dataJson();
        record.actor = entry.actor();
        record.previousHash = previousHash;
        record.hash = hash;
        return record;
    }
}
