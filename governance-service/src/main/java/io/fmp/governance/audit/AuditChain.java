package io.fmp.governance.audit;

import io.fmp.platform.hashing.Sha256;

import java.util.List;

/**
 * The hash chain that makes the audit trail tamper-evident: each record's hash is SHA-256 over the
 * previous record's hash and the record's own content, so changing, removing or reordering any
 * record breaks every hash after it.
 */
public final class AuditChain {

    public static final String GENESIS_HASH = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String previousHash, AuditEntry entry) {
        // unit separators keep field boundaries unambiguous
        String canonical = String.join("\u001f", previousHash, Long.toString(entry.sequence()), entry.subject(),
                entry.eventId(), entry.eventType(), entry.eventSource(), String.valueOf(entry.traceId()),
                entry.eventTime().toString(), entry.recordedAt().toString(), entry.dataJson());
        if (entry.actor() != null) {
            // covered when present; records without one hash as they always did
            canonical = canonical + "\u001f" + entry.actor();
        }
        return Sha256.hex(canonical);
    }

    /** A stored record: its content plus the hashes kept with it. */
    public record Link(AuditEntry entry, String previousHash, String hash) {
    }

    /**
     * Checks links in sequence order, starting from the genesis hash.
     *
     * @return the sequence of the first broken link, or 0 when the chain is intact
     */
    public static long firstBroken(List<Link> chain) {
        String expectedPrevious = GENESIS_HASH;
        long expectedSequence = 1;
        for (Link link : chain) {
            if (link.entry().sequence() != expectedSequence
                    || !link.previousHash().equals(expectedPrevious)
                    || !link.hash().equals(hash(link.previousHash(), link.entry()))) {
                return expectedSequence;
            }
            expectedPrevious = link.hash();
            expectedSequence++;
        }
        return 0;
    }
}
