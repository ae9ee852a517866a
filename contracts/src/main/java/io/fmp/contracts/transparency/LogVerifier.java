package io.fmp.contracts.transparency;

import java.util.List;

/**
 * What an outside verifier of the audit log checks, over whatever transport reaches the log: the latest
 * checkpoint is signed by the pinned key, it extends the last checkpoint the verifier trusted (a deleted
 * tail, a rewritten or reordered record, or a fork signed with the same key all fail here), and chosen
 * entries are in it.
 */
public final class LogVerifier {

    /** The log as the verifier reaches it (the REST API, or anything else serving the same answers). */
    public interface Log {
        String checkpoint();

        byte[] leaf(long index);

        List<byte[]> inclusionProof(long index, long treeSize);

        List<byte[]> consistencyProof(long from, long to);
    }

    /** Why verification failed; each kind has its own exit code in {@code ./fmp audit verify}. */
    public enum Failure {
        SIGNATURE(3), CONSISTENCY(4), INCLUSION(5);

        public final int exitCode;

        Failure(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    public static final class VerificationException extends Exception {
        private final Failure failure;

        public VerificationException(Failure failure, String message) {
            super(message);
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    private final NoteVerifier key;
    private final String origin;

    /** @param pinnedKey the verifier key the verifier trusts, not the one the log offers now */
    public LogVerifier(String pinnedKey) {
        this.key = NoteVerifier.parse(pinnedKey);
        this.origin = key.name();
    }

    /**
     * The latest checkpoint, once it verifies and extends {@code trusted} (null on the first run); its note
     * is what to trust next time.
     */
    public Verified latest(Log log, Verified trusted) throws VerificationException {
        Verified verified = checkpoint(log.checkpoint());
        Checkpoint latest = verified.checkpoint();
        if (trusted != null) {
            Checkpoint before = trusted.checkpoint();
            if (latest.size() < before.size()) {
                throw new VerificationException(Failure.CONSISTENCY, "the log shrank from " + before.size() + " to "
                        + latest.size() + " records");
            }
            boolean consistent = latest.size() == before.size()
                    ? java.util.Arrays.equals(latest.rootHash(), before.rootHash())
                    : MerkleTree.verifyConsistency((int) before.size(), (int) latest.size(),
                    log.consistencyProof(before.size(), latest.size()), before.rootHash(), latest.rootHash());
            if (!consistent) {
                throw new VerificationException(Failure.CONSISTENCY, "the log of " + latest.size() + " records does "
                        + "not extend the one of " + before.size() + " trusted before: its history was changed");
            }
        }
        return verified;
    }

    /** A checkpoint note, once it verifies with the pinned key and names this log. */
    public Verified checkpoint(String note) throws VerificationException {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(key.open(note));
        } catch (IllegalArgumentException e) {
            throw new VerificationException(Failure.SIGNATURE, "the checkpoint does not verify with the pinned key: "
                    + e.getMessage());
        }
        if (!checkpoint.origin().equals(origin)) {
            throw new VerificationException(Failure.SIGNATURE, "the checkpoint is of " + checkpoint.origin()
                    + ", not " + origin);
        }
        return new Verified(note, checkpoint);
    }

    /** Checks that entry {@code index} is in the checkpoint's tree, as its leaf bytes are served now. */
    public void includes(Log log, Verified at, long index) throws VerificationException {
        Checkpoint checkpoint = at.checkpoint();
        if (index < 0 || index >= checkpoint.size()) {
            throw new VerificationException(Failure.INCLUSION, "entry " + index + " is not in a log of "
                    + checkpoint.size());
        }
        if (!MerkleTree.verifyInclusion((int) index, (int) checkpoint.size(), MerkleTree.leafHash(log.leaf(index)),
                log.inclusionProof(index, checkpoint.size()), checkpoint.rootHash())) {
            throw new VerificationException(Failure.INCLUSION, "entry " + index + " is not the one the checkpoint of "
                    + checkpoint.size() + " records committed to");
        }
    }

    /** A checkpoint that verified, with its note (what a verifier keeps). */
    public record Verified(String note, Checkpoint checkpoint) {
    }
}
