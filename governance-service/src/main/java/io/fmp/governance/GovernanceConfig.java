package io.fmp.governance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** governance-service's own settings (shared ones: platform-runtime's PlatformConfig); see docs/configuration.md. */
@ConfigMapping(prefix = "fmp.governance")
public interface GovernanceConfig {

    Identity identity();

    interface Identity {
        /**
         * The secret API-key hashes are keyed with (HMAC-SHA256, at least 32 bytes; from a Secret). Changing it
         * invalidates every key.
         */
        String keyHashSecret();

        /**
         * An administrator key (the whole {@code fmp_<id>_<secret>}) to register at start if no key has its id: how
         * the local launcher gets its first key ({@code ./fmp admin-key}). A deployment gives one from a Secret, or
         * lets a platform administrator of its identity provider issue the first keys.
         */
        Optional<String> bootstrapAdminKey();

        /** How often a key's last-use time is written at most (it is read on every request). */
        @WithDefault("60s")
        Duration lastUsedEvery();
    }
}
