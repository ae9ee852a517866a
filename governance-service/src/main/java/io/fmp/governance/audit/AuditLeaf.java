package io.fmp.governance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The bytes a record is in the audit log's Merkle tree: compact JSON of every field its chain hash
 * covers, in a fixed order, the event's data as it was recorded. Made again from the stored record
 * whenever the log is read, so a record changed in the database no longer matches the tree a signed
 * checkpoint committed to.
 */
public final class AuditLeaf {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLeaf() {
    }

    public static byte[] bytes(AuditEntry entry) {
        ObjectNode leaf = JSON.createObjectNode();
        leaf.put("sequence", entry.sequence());
        leaf.put("subject", entry.subject());
        leaf.put("eventId", entry.eventId());
        leaf.put("eventType", entry.eventType());
        leaf.put("eventSource", entry.eventSource());
        leaf.put("traceId", entry.traceId());
        leaf.put("eventTime", entry.eventTime().toString());
        leaf.put("recordedAt", entry.recordedAt().toString());
        leaf.put("actor", entry.actor());
        try {
            leaf.set("data", JSON.readTree(entry.dataJson()));
            return JSON.writeValueAsBytes(leaf);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit record " + entry.sequence() + " holds data that is not JSON", e);
        }
    }
}
