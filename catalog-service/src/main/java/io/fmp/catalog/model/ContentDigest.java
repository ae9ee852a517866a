package io.fmp.catalog.model;

import io.fmp.platform.hashing.Sha256;

/** SHA-256 of a version's immutable content in canonical JSON: equal content, equal digest. */
public final class ContentDigest {

    private ContentDigest() {
    }

    public static String of(ModelCardSpec card) {
        return Sha256.hex(CatalogYaml.canonicalJson(MutableField.immutableContent(card)));
    }
}
