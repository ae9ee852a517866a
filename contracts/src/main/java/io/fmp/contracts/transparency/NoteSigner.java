package io.fmp.contracts.transparency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs notes in the C2SP {@code signed-note} format with an Ed25519 key, the format of transparency-log
 * checkpoints (Go's {@code golang.org/x/mod/sumdb/note}, the C2SP {@code tlog-checkpoint} spec). Keys
 * travel as Go writes them: the signer key {@code PRIVATE+KEY+<name>+<key id>+<base64(0x01 || seed)>},
 * the verifier key {@code <name>+<key id>+<base64(0x01 || public key)>}, the key id being the first
 * four bytes of SHA-256(name || 0x0A || 0x01 || public key).
 */
public final class NoteSigner {

    static final byte ED25519 = 0x01;
    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final KeyPair keys;
    private final byte[] seed;
    private final byte[] publicKey;
    private final byte[] keyId;

    private NoteSigner(String name, byte[] seed) {
        NoteVerifier.checkName(name);
        this.name = name;
        this.seed = seed.clone();
        try {
            // the JDK derives an Ed25519 key pair from the 32 bytes its random source gives it: give it the seed
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedSource(seed));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
        byte[] encoded = keys.getPublic().getEncoded();
        this.publicKey = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
        this.keyId = NoteVerifier.keyId(name, publicKey);
    }

    /** A signer from Go's signer-key form. */
    public static NoteSigner parse(String signerKey) {
        if (signerKey == null || !signerKey.startsWith(PRIVATE_PREFIX)) {
            throw new IllegalArgumentException("not a note signer key (PRIVATE+KEY+<name>+<id>+<key>)");
        }
        String[] parts = signerKey.substring(PRIVATE_PREFIX.length()).split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a note signer key has a name, a key id and a key");
        }
        byte[] key = Base64.getDecoder().decode(parts[2]);
        if (key.length != 33 || key[0] != ED25519) {
            throw new IllegalArgumentException("only Ed25519 signer keys (type 0x01, 32 bytes) are supported");
        }
        NoteSigner signer = new NoteSigner(parts[0], Arrays.copyOfRange(key, 1, 33));
        if (!HexFormat.of().formatHex(signer.keyId).equals(parts[1])) {
            throw new IllegalArgumentException("the signer key's id does not match its name and key");
        }
        return signer;
    }

    /** A new key for a log of this name. */
    public static NoteSigner generate(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new NoteSigner(name, seed);
    }

    public String name() {
        return name;
    }

    /** Go's signer-key form: what an operator keeps in a Secret. */
    public String signerKey() {
        return PRIVATE_PREFIX + name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder()
                .encodeToString(typed(seed));
    }

    /** The verifier key anyone checks the notes with. */
    public String verifierKey() {
        return name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(typed(publicKey));
    }

    /** The note: the text (which must end with a newline), a blank line and this key's signature line. */
    public String sign(String text) {
        NoteVerifier.checkText(text);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(keys.getPrivate());
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            byte[] signature = ed25519.sign();
            byte[] tagged = new byte[4 + signature.length];
            System.arraycopy(keyId, 0, tagged, 0, 4);
            System.arraycopy(signature, 0, tagged, 4, signature.length);
            return text + "\n" + NoteVerifier.SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(tagged)
                    + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private static byte[] typed(byte[] key) {
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(key, 0, typed, 1, 32);
        return typed;
    }

    /** Hands the key generator the seed as its "random" bytes. */
    private static final class SeedSource extends SecureRandom {
        private final byte[] seed;

        SeedSource(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("the key generator asked for " + bytes.length + " bytes, not a seed");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
