package io.fmp.governance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** governance-service's own settings (shared ones: platform-runtime's PlatformConfig); see docs/configuration.md. */
@ConfigMapping(prefix = "fmp.governance")
public interface GovernanceConfig {

    Identity identity();

    AuditLog auditLog();

    Approvals approvals();

    Reviews reviews();

    /** Continuous re-evaluation of use cases (docs/governance.md). */
    interface Reviews {
        /** How often use cases past their tier's review date are put under review. */
        @WithDefault("1m")
        Duration checkEvery();
    }

    /** Approvals of a model for a use case's production (docs/governance.md). */
    interface Approvals {
        /** How long a request waits for its quorum before it expires and must be made again. */
        @WithDefault("P14D")
        Duration expireAfter();
    }

    /** The verifiable audit log: a Merkle tree over the records with signed checkpoints (docs/security.md). */
    interface AuditLog {
        /** The log's name: the origin line of its checkpoints and the name of its key (no spaces or '+'). */
        @WithDefault("fmp/audit")
        String origin();

        /**
         * The Ed25519 key checkpoints are signed with, as Go's note package writes it
         * ({@code PRIVATE+KEY+<origin>+<key id>+<key>}; from a Secret, never from the database).
         */
        Optional<String> signingKey();

        /**
         * Where the key is kept when no {@code signing-key} is given: read from this file, or generated into it
         * (mode 0600) at the first start; the local launcher keeps it under {@code .fmp/}.
         */
        Optional<String> signingKeyFile();
    }

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
