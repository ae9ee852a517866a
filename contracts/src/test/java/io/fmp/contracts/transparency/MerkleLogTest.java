package io.fmp.contracts.transparency;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kept tree answers exactly what the tree recomputed from its leaves (itself checked on RFC 6962 vectors). */
class MerkleLogTest {

    @Test
    void everyRootAndProofOfEveryTreeUpTo70LeavesIsTheRecomputedOne() {
        MerkleLog log = new MerkleLog();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            byte[] leaf = MerkleTree.leafHash(("record " + i).getBytes(StandardCharsets.UTF_8));
            log.append(leaf);
            leaves.add(leaf);
            int n = i + 1;
            assertArrayEquals(MerkleTree.root(leaves, n), log.root(n), "root of " + n);
            for (int index = 0; index < n; index++) {
                assertProofs(MerkleTree.inclusionProof(leaves, index, n), log.inclusionProof(index, n));
                assertTrue(MerkleTree.verifyInclusion(index, n, leaves.get(index), log.inclusionProof(index, n),
                        log.root(n)));
            }
            for (int m = 1; m <= n; m++) {
                assertProofs(MerkleTree.consistencyProof(leaves, m, n), log.consistencyProof(m, n));
            }
        }
        assertArrayEquals(leaves.get(41), log.leafHash(41));
        assertArrayEquals(MerkleTree.root(leaves, 0), log.root(0), "the empty tree");
    }

    @Test
    void aTreeItDoesNotHoldIsRefused() {
        MerkleLog log = new MerkleLog();
        log.append(MerkleTree.leafHash(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> log.root(2));
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(1, 1));
        assertThrows(IllegalArgumentException.class, () -> log.append(new byte[31]));
        assertEquals(1, log.size());
    }

    private static void assertProofs(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i));
        }
    }
}
