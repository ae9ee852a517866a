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

    Gates gates();

    /** Gate decisions (docs/governance.md). */
    interface Gates {
        /**
         * Whether each gate decision's record waits for the database's disk flush before the answer. false
         * (PostgreSQL's {@code synchronous_commit = off} for that transaction only): the answer does not wait for a
         * flush; a crash of the database server, not of this service, may lose the records of the decisions of its
         * last moments (PostgreSQL: at most three times {@code wal_writer_delay}), never anything else. A
         * decision changes no state, and the action it allows is recorded durably by the service that takes it.
         */
        @WithDefault("false")
        boolean durableDecisionRecords();
    }

    /** Continuous re-evaluation of use cases (docs/governance.md). */
    interface Reviews {
        /** How often use cases past their tier's review date are put under review (and their re-evaluation asked for). */
        @WithDefault("1m")
        Duration checkEvery();

        /** How often re-evaluation runs not yet started are asked of eval-service (again, when it was away). */
        @WithDefault("10s")
        Duration startRunsEvery();
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

        /**
         * How often the audit chain is verified end to end and a fresh checkpoint signed, for the metrics and alerts
         * (`fmp_governance_audit_chain_intact`, `..._verification_age_seconds`, `..._checkpoint_age_seconds`).
         */
        @WithDefault("5m")
        Duration verifyEvery();
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
