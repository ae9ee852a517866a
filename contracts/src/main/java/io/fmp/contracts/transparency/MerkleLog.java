package io.fmp.contracts.transparency;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only RFC 9162 Merkle tree that keeps every complete subtree's hash, level by level, in flat
 * arrays: appending costs O(1) hashes amortised, a root or a proof O(log n) (a perfect, aligned subtree is
 * looked up; only the ragged right edge is hashed). Same answers as {@link MerkleTree}'s, which recomputes
 * them from the leaves. 64 bytes per leaf in all (the leaves and the levels above them). Not thread-safe.
 */
public final class MerkleLog {

    /** Level k holds the hashes of the complete subtrees of 2^k leaves, left to right. */
    private final List<Level> levels = new ArrayList<>();

    private static final class Level {
        byte[] hashes = new byte[MerkleTree.HASH_BYTES * 1024];
        int count;

        void add(byte[] hash) {
            if ((count + 1) * MerkleTree.HASH_BYTES > hashes.length) {
                hashes = Arrays.copyOf(hashes, hashes.length * 2);
            }
            System.arraycopy(hash, 0, hashes, count * MerkleTree.HASH_BYTES, MerkleTree.HASH_BYTES);
            count++;
        }

        byte[] get(int index) {
            return Arrays.copyOfRange(hashes, index * MerkleTree.HASH_BYTES, (index + 1) * MerkleTree.HASH_BYTES);
        }
    }

    private final MerkleTree.Subtrees subtrees = this::hash;

    public MerkleLog() {
        levels.add(new Level());
    }

    /** Appends a leaf hash (SHA-256(0x00 || leaf bytes)) and completes the subtrees it closes. */
    public void append(byte[] leafHash) {
        if (leafHash.length != MerkleTree.HASH_BYTES) {
            throw new IllegalArgumentException("a leaf hash has " + MerkleTree.HASH_BYTES + " bytes");
        }
        levels.get(0).add(leafHash);
        int index = levels.get(0).count - 1;
        for (int level = 0; index % 2 == 1; level++) {
            if (levels.size() == level + 1) {
                levels.add(new Level());
            }
            Level below = levels.get(level);
            levels.get(level + 1).add(MerkleTree.nodeHash(below.get(index - 1), below.get(index)));
            index /= 2;
        }
    }

    public int size() {
        return levels.get(0).count;
    }

    public byte[] leafHash(int index) {
        check(index + 1);
        return levels.get(0).get(index);
    }

    /** MTH(D[0:n]) for a tree of the first {@code n} leaves. */
    public byte[] root(int n) {
        check(n);
        return MerkleTree.root(subtrees, n);
    }

    public List<byte[]> inclusionProof(int index, int n) {
        check(n);
        return MerkleTree.inclusionProof(subtrees, index, n);
    }

    public List<byte[]> consistencyProof(int m, int n) {
        check(n);
        return MerkleTree.consistencyProof(subtrees, m, n);
    }

    private byte[] hash(int start, int end) {
        int n = end - start;
        if (Integer.bitCount(n) == 1 && start % n == 0) {
            return levels.get(Integer.numberOfTrailingZeros(n)).get(start / n);
        }
        int k = MerkleTree.split(n);
        return MerkleTree.nodeHash(hash(start, start + k), hash(start + k, end));
    }

    private void check(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("a tree of " + n + " leaves, but " + size() + " are known");
        }
    }
}
