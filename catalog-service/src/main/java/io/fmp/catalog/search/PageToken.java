package io.fmp.catalog.search;

import io.fmp.contracts.errors.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque cursor: the sort key and id of the last model on a page, bound to the query's
 * fingerprint so it cannot be replayed against different filters.
 */
record PageToken(String sortKey, String id) {

    private static final String SEPARATOR = "\n";

    String encode(String fingerprint) {
        String raw = Integer.toHexString(fingerprint.hashCode()) + SEPARATOR + sortKey + SEPARATOR + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static PageToken decode(String token, String fingerprint) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(SEPARATOR, -1);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("pageToken", "is not a token this API issued");
        }
        if (parts.length != 3) {
            throw new InvalidInputException("pageToken", "is not a token this API issued");
        }
        if (!parts[0].equals(Integer.toHexString(fingerprint.hashCode()))) {
            throw new InvalidInputException("pageToken", "belongs to a search with other filters or sort");
        }
        return new PageToken(parts[1], parts[2]);
    }
}
