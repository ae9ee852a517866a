package io.fmp.contracts.transparency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (RFC 6962's, unchanged): leaf hash SHA-256(0x00 || leaf), node hash
 * SHA-256(0x01 || left || right), a tree of {@code n} leaves split at the largest power of two below
 * {@code n}. Root hashes, inclusion and consistency proofs as RFC 9162 section 2.1 defines them, and
 * their verification (section 2.1.3.2, 2.1.4.2), so that any transparency-log client can check what
 * the audit log publishes. Plain Java over a list of leaf hashes ({@link MerkleLog} keeps the nodes of a
 * growing log, so its proofs cost O(log n)).
 */
public final class MerkleTree {

    public static final int HASH_BYTES = 32;

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        return sha.digest(leaf);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        return sha.digest(right);
    }

    /** The hash of the subtree over leaves [start, end): how a tree's nodes are obtained (computed or kept). */
    @FunctionalInterface
    interface Subtrees {
        byte[] hash(int start, int end);
    }

    /** MTH(D[0:n]): the root of the first {@code n} leaves; SHA-256 of nothing for none. */
    public static byte[] root(List<byte[]> leafHashes, int n) {
        checkSize(leafHashes, n);
        return root(computed(leafHashes), n);
    }

    /** PATH(m, D[0:n]): the inclusion proof of leaf {@code index} in the tree of the first {@code n} leaves. */
    public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index, int n) {
        checkSize(leafHashes, n);
        return inclusionProof(computed(leafHashes), index, n);
    }

    /** PROOF(m, D[0:n]): the consistency proof from the tree of {@code m} leaves to the tree of {@code n}. */
    public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int m, int n) {
        checkSize(leafHashes, n);
        return consistencyProof(computed(leafHashes), m, n);
    }

    static byte[] root(Subtrees tree, int n) {
        return n == 0 ? sha256().digest() : tree.hash(0, n);
    }

    static List<byte[]> inclusionProof(Subtrees tree, int index, int n) {
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        path(tree, index, 0, n, proof);
        return proof;
    }

    static List<byte[]> consistencyProof(Subtrees tree, int m, int n) {
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + n + " leaves");
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(tree, m, 0, n, true, proof);
        return proof;
    }

    /** Every node hashed again from the leaves: O(n) per root or proof, fine for tests and small trees. */
    private static Subtrees computed(List<byte[]> leaves) {
        return new Subtrees() {
            @Override
            public byte[] hash(int start, int end) {
                int n = end - start;
                if (n == 1) {
                    return leaves.get(start);
                }
                int k = split(n);
                return nodeHash(hash(start, start + k), hash(start + k, end));
            }
        };
    }

    /** RFC 9162 2.1.3.2: whether the proof puts the leaf at {@code index} in a tree of {@code n} with this root. */
    public static boolean verifyInclusion(int index, int n, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= n) {
            return false;
        }
        long fn = index;
        long sn = n - 1L;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 2.1.4.2: whether the proof shows the tree of {@code n} leaves extends the one of {@code m}. */
    public static boolean verifyConsistency(int m, int n, List<byte[]> proof, byte[] firstRoot, byte[] secondRoot) {
        if (m < 1 || m > n) {
            return false;
        }
        if (m == n) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(m) == 1) {
            // m is a power of two: the first tree is a whole subtree, its root starts the path
            path.add(0, firstRoot);
        }
        long fn = m - 1L;
        long sn = n - 1L;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    private static void path(Subtrees leaves, int m, int start, int end, List<byte[]> proof) {
        int n = end - start;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(leaves, m, start, start + k, proof);
            proof.add(leaves.hash(start + k, end));
        } else {
            path(leaves, m - k, start + k, end, proof);
            proof.add(leaves.hash(start, start + k));
        }
    }

    private static void subproof(Subtrees leaves, int m, int start, int end, boolean whole, List<byte[]> proof) {
        int n = end - start;
        if (m == n) {
            if (!whole) {
                proof.add(leaves.hash(start, end));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(leaves, m, start, start + k, whole, proof);
            proof.add(leaves.hash(start + k, end));
        } else {
            subproof(leaves, m - k, start + k, end, false, proof);
            proof.add(leaves.hash(start, start + k));
        }
    }

    /** The largest power of two smaller than {@code n} (n > 1). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static void checkSize(List<byte[]> leafHashes, int n) {
        if (n < 0 || n > leafHashes.size()) {
            throw new IllegalArgumentException("a tree of " + n + " leaves, but " + leafHashes.size() + " are known");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
