package io.fmp.governance.audit;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.transparency.Checkpoint;
import io.fmp.contracts.transparency.MerkleLog;
import io.fmp.contracts.transparency.MerkleTree;
import io.fmp.contracts.transparency.NoteSigner;
import io.fmp.governance.GovernanceConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit trail as a transparency log anyone can verify (RFC 9162, C2SP tlog-checkpoint): record
 * {@code i} (sequence {@code i + 1}) is leaf {@code i} of a Merkle tree; checkpoints are signed notes
 * over the tree's size and root with an Ed25519 key that never touches the database; entries and
 * inclusion / consistency proofs let an outsider check that nothing was changed, removed or reordered
 * between two checkpoints it saw. Leaf hashes are read from the records once and kept in memory with the
 * tree's complete subtrees ({@link MerkleLog}: 64 bytes per record, proofs in O(log n)), then only what was
 * appended since.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    /** Entries answered per request at most. */
    public static final int MAX_ENTRIES = 1_000;
    private static final int REFRESH_CHUNK = 10_000;

    @Inject
    GovernanceConfig config;

    private NoteSigner signer;
    private final MerkleLog tree = new MerkleLog();
    private String checkpoint;
    private int checkpointSize = -1;

    /** One entry: where it is in the log, its exact leaf bytes and the record they come from. */
    public record Entry(long index, byte[] leaf, AuditRecord record) {
    }

    void start(@Observes StartupEvent event) {
        GovernanceConfig.AuditLog settings = config.auditLog();
        signer = settings.signingKey().map(NoteSigner::parse).orElseGet(() -> fromFile(settings));
        if (!signer.name().equals(settings.origin())) {
            throw new IllegalStateException("the audit log's signing key is named " + signer.name() + ", not "
                    + settings.origin() + " (fmp.governance.audit-log.origin)");
        }
        LOG.infof("Audit log %s, verifier key %s", settings.origin(), signer.verifierKey());
    }

    /** The key checkpoints verify with, in the signed-note verifier-key form. */
    public String verifierKey() {
        return signer.verifierKey();
    }

    /** The latest checkpoint, signed. */
    public synchronized String checkpoint() {
        refresh();
        if (checkpointSize != tree.size()) {
            checkpoint = signer.sign(new Checkpoint(config.auditLog().origin(), tree.size(), tree.root(tree.size())).text());
            checkpointSize = tree.size();
        }
        return checkpoint;
    }

    /** Entries {@code start} (inclusive) to {@code end} (exclusive), with their leaf bytes made from the records. */
    public List<Entry> entries(long start, long end) {
        int size = size();
        List<FieldViolation> violations = new ArrayList<>();
        if (start < 0 || start >= size) {
            violations.add(new FieldViolation("start", "must be an index of the log, 0 to " + (size - 1)));
        }
        if (end <= start || end > size) {
            violations.add(new FieldViolation("end", "must be above start and at most the tree size " + size));
        } else if (end - start > MAX_ENTRIES) {
            violations.add(new FieldViolation("end", "at most " + MAX_ENTRIES + " entries at once"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return QuarkusTransaction.requiringNew().call(() -> AuditRecord.<AuditRecord>list(
                        "sequence > ?1 and sequence <= ?2 order by sequence", start, end).stream()
                .map(r -> new Entry(r.sequence - 1, AuditLeaf.bytes(r.entry()), r)).toList());
    }

    public synchronized List<byte[]> inclusionProof(long index, long treeSize) {
        requireSize(treeSize, "treeSize");
        if (index < 0 || index >= treeSize) {
            throw new InvalidInputException("index", "must be below treeSize " + treeSize);
        }
        return tree.inclusionProof((int) index, (int) treeSize);
    }

    public synchronized List<byte[]> consistencyProof(long from, long to) {
        requireSize(to, "to");
        if (from < 1 || from > to) {
            throw new InvalidInputException("from", "must be between 1 and to (" + to + ")");
        }
        return tree.consistencyProof((int) from, (int) to);
    }

    public synchronized int size() {
        refresh();
        return tree.size();
    }

    private void requireSize(long size, String field) {
        refresh();
        if (size < 1 || size > tree.size()) {
            throw new InvalidInputException(field, "must be a tree size from 1 to " + tree.size());
        }
    }

    /**
     * Adds the leaves appended since the last read (their sequence and leaf hash only); computes those of records
     * from before the tree.
     */
    private void refresh() {
        List<Object[]> appended;
        do {
            appended = appendedSince(tree.size());
            for (Object[] row : appended) {
                if ((long) row[0] != tree.size() + 1) {
                    throw new IllegalStateException("audit record " + (tree.size() + 1) + " is missing: the log has a gap");
                }
                tree.append(HexFormat.of().parseHex((String) row[1]));
            }
        } while (appended.size() == REFRESH_CHUNK);
    }

    /**
     * Sequence and leaf hash of up to {@link #REFRESH_CHUNK} records after {@code size}. The bounded range also
     * keeps PostgreSQL on the primary key when its statistics lag behind a fast-growing table (it scanned the
     * whole table for an open-ended one, 40 ms at 100,000 records).
     */
    private static List<Object[]> appendedSince(int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> rows = AuditRecord.getEntityManager().createQuery("select r.sequence, r.leafHash from "
                    + "AuditRecord r where r.sequence > ?1 and r.sequence <= ?2 order by r.sequence", Object[].class)
                    .setParameter(1, (long) size).setParameter(2, (long) size + REFRESH_CHUNK).getResultList();
            for (Object[] row : rows) {
                if (row[1] == null) {
                    AuditRecord record = AuditRecord.findById(row[0]);
                    record.leafHash = HexFormat.of().formatHex(MerkleTree.leafHash(AuditLeaf.bytes(record.entry())));
                    row[1] = record.leafHash;
                }
            }
            return rows;
        });
    }

    private static NoteSigner fromFile(GovernanceConfig.AuditLog settings) {
        Path file = Path.of(settings.signingKeyFile().orElseThrow(() -> new IllegalStateException(
                "the audit log needs a signing key: fmp.governance.audit-log.signing-key (from a Secret) or "
                        + "fmp.governance.audit-log.signing-key-file")));
        try {
            if (Files.exists(file)) {
                return NoteSigner.parse(Files.readString(file).trim());
            }
            NoteSigner generated = NoteSigner.generate(settings.origin());
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), generated.signerKey() + "\n");
            LOG.infof("Generated the audit log's signing key into %s", file);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the audit log's signing key " + file, e);
        }
    }
}
