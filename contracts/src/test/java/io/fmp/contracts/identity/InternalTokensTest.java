package io.fmp.contracts.identity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InternalTokensTest {

    private final InternalTokens tokens = new InternalTokens("the-platform-internal-secret-0123456789", Duration.ofMinutes(1));

    @Test
    void aTokenCarriesItsPrincipalAndIsReusedWhileYoung() throws Exception {
        Principal carla = new Principal("carla", "team", List.of("contributor"), false);
        assertEquals(carla, tokens.verify(tokens.mint(carla)));
        assertEquals(Principal.service("gateway"), tokens.verify(tokens.mint(Principal.service("gateway"))));
        assertEquals(tokens.tokenFor(carla), tokens.tokenFor(carla), "reused for half its life");
        assertNotEquals(tokens.tokenFor(carla), tokens.tokenFor(new Principal("carla", "other", List.of(), false)));
    }

    @Test
    void anotherSecretAnExpiredTokenAndATamperedOneAreRefused() {
        Principal admin = new Principal("alice", "", List.of(), true);
        String foreign = new InternalTokens("somebody-else's-secret-0123456789abcdef", Duration.ofMinutes(1)).mint(admin);
        assertThrows(InternalTokens.InvalidTokenException.class, () -> tokens.verify(foreign));
        String expired = new InternalTokens("the-platform-internal-secret-0123456789", Duration.ofMinutes(-1)).mint(admin);
        assertThrows(InternalTokens.InvalidTokenException.class, () -> tokens.verify(expired));
        String viewer = tokens.mint(new Principal("dave", "team", List.of("viewer"), false));
        String[] parts = viewer.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("\"platformAdmin\":false",
                        "\"platformAdmin\":true").getBytes()) + "." + parts[2];
        assertThrows(InternalTokens.InvalidTokenException.class, () -> tokens.verify(forged));
        assertThrows(IllegalArgumentException.class, () -> new InternalTokens("short", Duration.ofMinutes(1)));
    }
}
