package io.fmp.contracts.transparency;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The verifier against logs that lie: a rewritten record, a deleted tail, a fork re-signed with the log's
 * own key, two swapped records and a checkpoint signed by another key are each caught, by kind.
 */
class LogVerifierTest {

    private static final NoteSigner KEY = NoteSigner.generate("fmp.test/audit");

    /** A log serving these records honestly (its proofs and checkpoint are computed from them). */
    private static LogVerifier.Log log(List<String> records, NoteSigner signer) {
        List<byte[]> leaves = records.stream().map(r -> MerkleTree.leafHash(r.getBytes(StandardCharsets.UTF_8))).toList();
        return new LogVerifier.Log() {
            @Override
            public String checkpoint() {
                return signer.sign(new Checkpoint("fmp.test/audit", leaves.size(), MerkleTree.root(leaves,
                        leaves.size())).text());
            }

            @Override
            public byte[] leaf(long index) {
                return records.get((int) index).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public List<byte[]> inclusionProof(long index, long treeSize) {
                return MerkleTree.inclusionProof(leaves, (int) index, (int) treeSize);
            }

            @Override
            public List<byte[]> consistencyProof(long from, long to) {
                return MerkleTree.consistencyProof(leaves, (int) from, (int) to);
            }
        };
    }

    private static List<String> records(int n) {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add("{\"sequence\":" + (i + 1) + ",\"eventType\":\"model.registered\"}");
        }
        return records;
    }

    private static LogVerifier.Failure failure(org.junit.jupiter.api.function.Executable check) {
        return assertThrows(LogVerifier.VerificationException.class, check).failure();
    }

    @Test
    void anHonestLogThatGrewVerifiesAndEveryEntryIsIncluded() throws Exception {
        LogVerifier verifier = new LogVerifier(KEY.verifierKey());
        LogVerifier.Verified first = verifier.latest(log(records(5), KEY), null);
        List<String> grown = records(12);
        LogVerifier.Verified second = verifier.latest(log(grown, KEY), first);
        assertEquals(12, second.checkpoint().size());
        for (long i = 0; i < 12; i++) {
            verifier.includes(log(grown, KEY), second, i);
        }
    }

    @Test
    void aRewrittenRecordADeletedTailAReSignedForkSwappedRecordsAndAForeignKeyAreEachCaught() throws Exception {
        LogVerifier verifier = new LogVerifier(KEY.verifierKey());
        LogVerifier.Verified trusted = verifier.latest(log(records(8), KEY), null);

        List<String> rewritten = records(10);
        rewritten.set(3, rewritten.get(3).replace("registered", "deleted"));
        assertEquals(LogVerifier.Failure.CONSISTENCY, failure(() -> verifier.latest(log(rewritten, KEY), trusted)));

        assertEquals(LogVerifier.Failure.CONSISTENCY, failure(() -> verifier.latest(log(records(6), KEY), trusted)),
                "a deleted tail");

        // a fork: the log's own key signs another history of the same size
        List<String> fork = records(8);
        fork.set(7, "{\"sequence\":8,\"eventType\":\"forged\"}");
        assertEquals(LogVerifier.Failure.CONSISTENCY, failure(() -> verifier.latest(log(fork, KEY), trusted)));

        // two records swapped: the entries served no longer match the checkpoint trusted before
        List<String> swapped = records(8);
        Collections.swap(swapped, 1, 2);
        LogVerifier.Log served = log(swapped, KEY);
        LogVerifier.Log honestProofs = log(records(8), KEY);
        assertEquals(LogVerifier.Failure.INCLUSION, failure(() -> verifier.includes(new LogVerifier.Log() {
            @Override
            public String checkpoint() {
                return honestProofs.checkpoint();
            }

            @Override
            public byte[] leaf(long index) {
                return served.leaf(index);
            }

            @Override
            public List<byte[]> inclusionProof(long index, long treeSize) {
                return honestProofs.inclusionProof(index, treeSize);
            }

            @Override
            public List<byte[]> consistencyProof(long from, long to) {
                return honestProofs.consistencyProof(from, to);
            }
        }, trusted, 1)));
        assertEquals(LogVerifier.Failure.CONSISTENCY, failure(() -> verifier.latest(served, trusted)),
                "and their checkpoint does not extend the trusted one");

        assertEquals(LogVerifier.Failure.SIGNATURE, failure(() -> verifier.latest(log(records(9),
                NoteSigner.generate("fmp.test/audit")), trusted)), "a checkpoint signed by another key");
    }
}
