package io.fmp.catalog.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a version's immutable content in canonical JSON: equal content, equal digest. */
public final class ContentDigest {

    private ContentDigest() {
    }

    public static String of(ModelCardSpec card) {
        try {
            byte[] json = CatalogYaml.canonicalJson(MutableField.immutableContent(card)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
