package io.fmp.contracts.transparency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checks a C2SP signed note against one Ed25519 verifier key ({@code <name>+<key id>+<base64(0x01 ||
 * key)>}): some signature line of the note must carry this key's name and id and verify over the text.
 */
public final class NoteVerifier {

    static final String SIGNATURE_PREFIX = "\u2014 ";
    /** The DER prefix of an X.509 Ed25519 public key; the 32 key bytes follow. */
    private static final byte[] X509_ED25519 = HexFormat.of().parseHex("302a300506032b6570032100");

    private final String name;
    private final byte[] keyId;
    private final PublicKey key;

    private NoteVerifier(String name, byte[] keyId, byte[] publicKey) {
        this.name = name;
        this.keyId = keyId;
        byte[] der = new byte[X509_ED25519.length + 32];
        System.arraycopy(X509_ED25519, 0, der, 0, X509_ED25519.length);
        System.arraycopy(publicKey, 0, der, X509_ED25519.length, 32);
        try {
            this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static NoteVerifier parse(String verifierKey) {
        String[] parts = verifierKey == null ? new String[0] : verifierKey.split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            throw new IllegalArgumentException("not a note verifier key (<name>+<8 hex digits>+<key>)");
        }
        checkName(parts[0]);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the verifier key's key is not base64");
        }
        if (key.length != 33 || key[0] != NoteSigner.ED25519) {
            throw new IllegalArgumentException("only Ed25519 verifier keys (type 0x01, 32 bytes) are supported");
        }
        byte[] publicKey = Arrays.copyOfRange(key, 1, 33);
        byte[] id = keyId(parts[0], publicKey);
        if (!HexFormat.of().formatHex(id).equals(parts[1])) {
            throw new IllegalArgumentException("the verifier key's id does not match its name and key");
        }
        return new NoteVerifier(parts[0], id, publicKey);
    }

    public String name() {
        return name;
    }

    /**
     * The text of the note if one of its signatures is this key's and verifies; otherwise
     * {@link IllegalArgumentException} saying why.
     */
    public String open(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("not a signed note: no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw new IllegalArgumentException("a signature line must start with an em dash and a space");
            }
            String[] fields = line.substring(SIGNATURE_PREFIX.length()).split(" ");
            if (fields.length != 2 || !fields[0].equals(name)) {
                continue;
            }
            byte[] tagged;
            try {
                tagged = Base64.getDecoder().decode(fields[1]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (tagged.length != 4 + 64 || !Arrays.equals(Arrays.copyOf(tagged, 4), keyId)) {
                continue;
            }
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(message);
                if (ed25519.verify(Arrays.copyOfRange(tagged, 4, tagged.length))) {
                    return text;
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 verification failed to run", e);
            }
            throw new IllegalArgumentException("the signature of " + name + " does not verify");
        }
        throw new IllegalArgumentException("the note carries no signature of " + name);
    }

    static byte[] keyId(String name, byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x0A);
            sha.update(NoteSigner.ED25519);
            return Arrays.copyOf(sha.digest(publicKey), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces, newlines or '+'");
        }
    }

    static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n")) {
            throw new IllegalArgumentException("a note's text ends with a newline and holds no blank line");
        }
    }
}
