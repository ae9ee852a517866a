package io.fmp.governance.audit;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.transparency.MerkleTree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/** Appends events to the hash-chained audit trail and reads it back. */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    /** Appends one record for the event; runs in the consumer's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditRecord append(EventEnvelope event) {
        AuditChainHead head = lockedHead();
        AuditEntry entry = new AuditEntry(head.lastSequence + 1, event.subject(), event.id(), event.type(),
                event.source(), event.traceId(), event.time(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                event.data().toString(), event.actor());
        String hash = AuditChain.hash(head.lastHash, entry);
        AuditRecord record = AuditRecord.of(entry, head.lastHash, hash);
        String project = event.data().path("project").asText("");
        record.project = project.isEmpty() ? null : project;
        record.leafHash = HexFormat.of().formatHex(MerkleTree.leafHash(AuditLeaf.bytes(entry)));
        record.persist();
        head.lastSequence = entry.sequence();
        head.lastHash = hash;
        LOG.infof("Audit #%d: %s %s from %s by %s", entry.sequence(), event.type(), event.subject(), event.source(),
                event.actor() == null ? "the service" : event.actor());
        return record;
    }

    /**
     * The chain's head, locked for this transaction: read with its lock once, then taken from the persistence
     * context (a batch of events appends under one lock, without a query, and so without a flush, per record).
     */
    private static AuditChainHead lockedHead() {
        EntityManager entityManager = AuditChainHead.getEntityManager();
        AuditChainHead head = entityManager.find(AuditChainHead.class, AuditChainHead.ID);
        if (entityManager.getLockMode(head) != LockModeType.PESSIMISTIC_WRITE) {
            entityManager.refresh(head, LockModeType.PESSIMISTIC_WRITE);
        }
        return head;
    }

    /** The subject's records the caller may read: of the projects it sees; every record for administrators. */
    public List<AuditRecord> forSubject(Principal caller, String subject) {
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            throw new InvalidInputException("subject", "is required and at most 200 characters");
        }
        List<String> projects = caller.visibleProjects();
        return projects == null ? AuditRecord.list("subject = ?1 order by sequence", subject)
                : AuditRecord.list("subject = ?1 and project in ?2 order by sequence", subject, projects);
    }

    /** Recomputes the chain; returns the first broken sequence, 0 if intact. */
    @Transactional
    public long firstBrokenSequence() {
        List<AuditChain.Link> chain = AuditRecord.<AuditRecord>list("order by sequence").stream()
                .map(r -> new AuditChain.Link(r.entry(), r.previousHash, r.hash))
                .toList();
        return AuditChain.firstBroken(chain);
    }

    public long size() {
        return AuditRecord.count();
    }
}
