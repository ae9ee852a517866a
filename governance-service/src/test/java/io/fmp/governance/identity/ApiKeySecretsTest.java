package io.fmp.governance.identity;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeySecretsTest {

    private final ApiKeySecrets secrets = new ApiKeySecrets("a-hashing-secret-of-at-least-32-bytes!!");

    @Test
    void aKeyParsesIntoItsPublicIdAndItsSecretAndOnlyItsKeyedHashMatches() {
        String key = ApiKeySecrets.generate();
        ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(key).orElseThrow();
        assertEquals(key, "fmp_" + parsed.id() + "_" + parsed.secret());
        String stored = secrets.hash(parsed.secret());
        assertEquals(64, stored.length());
        assertTrue(secrets.matches(parsed.secret(), stored));
        assertFalse(secrets.matches(parsed.secret().substring(1) + "x", stored));
        // another deployment's hashing secret gives another hash: a copied table does not carry over
        assertNotEquals(stored, new ApiKeySecrets("another-hashing-secret-of-32-bytes-or-more").hash(parsed.secret()));
    }

    @Test
    void keysAreUniqueAndAnythingElseIsNotAKey() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(ApiKeySecrets.parse(ApiKeySecrets.generate()).orElseThrow().id());
        }
        assertEquals(1000, ids.size());
        for (String notAKey : new String[]{"", "fmp_", "fmp_abc_def", "Bearer fmp_x", "fmp_ABCDEFGHIJKL_" + "a".repeat(43),
                "fmp_abcdefghijkl_" + "a".repeat(42), "fmp_abcdefghijkl_" + "a".repeat(44), "eyJhbGciOiJSUzI1NiJ9.e30.x"}) {
            assertTrue(ApiKeySecrets.parse(notAKey).isEmpty(), notAKey);
        }
        assertThrows(IllegalArgumentException.class, () -> new ApiKeySecrets("too short"));
    }
}
