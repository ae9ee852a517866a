package io.fmp.governance.identity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of an API key and how it is kept: {@code fmp_<id>_<secret>}, the id public (it names the
 * key in lists and logs), the secret 256 random bits. Only an HMAC-SHA256 of the secret under the
 * operator's hashing key is stored: a copied table gives neither the keys nor a way to test guesses.
 */
public final class ApiKeySecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("fmp_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** A key taken apart. */
    public record Parsed(String id, String secret) {
    }

    private final SecretKeySpec hashKey;

    /** @param hashKey the operator's secret the stored hashes are keyed with (at least 32 bytes) */
    public ApiKeySecrets(String hashKey) {
        if (hashKey == null || hashKey.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("fmp.governance.identity.key-hash-secret must be at least 32 bytes");
        }
        this.hashKey = new SecretKeySpec(hashKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A new key, as the caller will present it. */
    public static String generate() {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "fmp_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The id and secret of a presented key; empty for anything that is not one. */
    public static Optional<Parsed> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(presented);
        return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2))) : Optional.empty();
    }

    /** What is stored for a secret. */
    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** Whether a secret matches a stored hash, in time that does not depend on where they differ. */
    public boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
