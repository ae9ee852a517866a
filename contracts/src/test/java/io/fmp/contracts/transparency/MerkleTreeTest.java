package io.fmp.contracts.transparency;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree against the reference vectors of RFC 6962's construction (Certificate Transparency's test
 * suite: eight leaves, every root, inclusion and consistency proofs), and every proof of many other
 * tree shapes against the verification algorithms of RFC 9162.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> leafHashes() {
        return LEAVES.stream().map(leaf -> MerkleTree.leafHash(HEX.parseHex(leaf))).toList();
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    @Test
    void everyRootOfTheReferenceTreeIsTheOneTheRfcsVectorsGive() {
        for (int n = 0; n <= 8; n++) {
            assertEquals(ROOTS.get(n), HEX.formatHex(MerkleTree.root(leafHashes(), n)), "tree of " + n);
        }
    }

    @Test
    void inclusionProofsAreTheReferenceOnesAndVerify() {
        record Vector(int index, int size, List<String> proof) {
        }
        for (Vector v : List.of(
                new Vector(0, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                new Vector(5, 8, List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                new Vector(2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
                new Vector(1, 5, List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")))) {
            List<byte[]> proof = MerkleTree.inclusionProof(leafHashes(), v.index(), v.size());
            assertEquals(v.proof(), hex(proof), "leaf " + v.index() + " of " + v.size());
            assertTrue(MerkleTree.verifyInclusion(v.index(), v.size(), leafHashes().get(v.index()), proof,
                    HEX.parseHex(ROOTS.get(v.size()))));
        }
    }

    @Test
    void consistencyProofsAreTheReferenceOnesAndVerify() {
        record Vector(int from, int to, List<String> proof) {
        }
        for (Vector v : List.of(
                new Vector(1, 1, List.of()),
                new Vector(1, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
                new Vector(6, 8, List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
                new Vector(2, 5, List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")))) {
            List<byte[]> proof = MerkleTree.consistencyProof(leafHashes(), v.from(), v.to());
            assertEquals(v.proof(), hex(proof), v.from() + " -> " + v.to());
            assertTrue(MerkleTree.verifyConsistency(v.from(), v.to(), proof, HEX.parseHex(ROOTS.get(v.from())),
                    HEX.parseHex(ROOTS.get(v.to()))));
        }
    }

    @Test
    void everyProofOfEveryShapeVerifiesAndAChangedLeafOrRootDoesNot() {
        Random random = new Random(9162);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] leaf = new byte[random.nextInt(20)];
            random.nextBytes(leaf);
            leaves.add(MerkleTree.leafHash(leaf));
        }
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] root = MerkleTree.root(leaves, n);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(leaves, i, n);
                assertTrue(MerkleTree.verifyInclusion(i, n, leaves.get(i), proof, root), i + " in " + n);
                assertFalse(MerkleTree.verifyInclusion(i, n, leaves.get((i + 1) % leaves.size()), proof, root));
            }
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(leaves, m, n);
                byte[] first = MerkleTree.root(leaves, m);
                assertTrue(MerkleTree.verifyConsistency(m, n, proof, first, root), m + " -> " + n);
                if (m < n) {
                    byte[] forged = first.clone();
                    forged[0] ^= 1;
                    assertFalse(MerkleTree.verifyConsistency(m, n, proof, forged, root), "a rewritten history");
                }
            }
        }
    }
}
