package io.fmp.contracts.transparency;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Notes as other implementations write them: the example of Go's {@code golang.org/x/mod/sumdb/note}
 * (Ed25519 signatures are deterministic, so signing its text with its key must give its note byte for
 * byte) and the example of the C2SP {@code signed-note} spec.
 */
class SignedNoteTest {

    static final String GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1"
            + "FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String SPEC_VERIFIER = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    static final String SPEC_NOTE = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfX"
            + "ppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    @Test
    void goesKeysAndNoteAreReproducedByteForByte() {
        NoteSigner signer = NoteSigner.parse(GO_SIGNER);
        assertEquals(GO_VERIFIER, signer.verifierKey());
        assertEquals(GO_SIGNER, signer.signerKey());
        assertEquals(GO_NOTE, signer.sign(GO_TEXT));
        assertEquals(GO_TEXT, NoteVerifier.parse(GO_VERIFIER).open(GO_NOTE));
    }

    @Test
    void theSpecsExampleOpensAndAnyChangeIsRefused() {
        NoteVerifier verifier = NoteVerifier.parse(SPEC_VERIFIER);
        assertEquals("This is an example message.\n", verifier.open(SPEC_NOTE));
        assertThrows(IllegalArgumentException.class, () -> verifier.open(SPEC_NOTE.replace("example message",
                "exemplary message")));
        assertThrows(IllegalArgumentException.class, () -> verifier.open(GO_NOTE), "another key's note");
        assertThrows(IllegalArgumentException.class, () -> NoteVerifier.parse(SPEC_VERIFIER.replace("530d903a",
                "530d903b")), "a key id that does not match the key");
    }

    @Test
    void aCheckpointIsSignedAndReadBack() {
        NoteSigner signer = NoteSigner.generate("fmp.example/audit");
        byte[] root = MerkleTree.root(java.util.List.of(MerkleTree.leafHash(new byte[]{1})), 1);
        String note = signer.sign(new Checkpoint("fmp.example/audit", 1, root).text());
        Checkpoint read = Checkpoint.parse(NoteVerifier.parse(signer.verifierKey()).open(note));
        assertEquals(1, read.size());
        assertEquals(java.util.HexFormat.of().formatHex(root), java.util.HexFormat.of().formatHex(read.rootHash()));
        assertEquals(signer.verifierKey(), NoteSigner.parse(signer.signerKey()).verifierKey(), "the key round-trips");
    }
}
