package io.fmp.platform.config;

import io.fmp.contracts.identity.IdentityProviderTokens;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Settings every service with a database and Kafka shares (the transactional outbox, event
 * consumption, topics). Each service adds its own under {@code fmp.<service>}; docs/configuration.md
 * lists them all, generated from these interfaces.
 */
@ConfigMapping(prefix = "fmp")
public interface PlatformConfig {

    Outbox outbox();

    Consumer consumer();

    Kafka kafka();

    Identity identity();

    interface Identity {
        /**
         * The secret the caller tokens on gRPC calls between the platform's processes are signed with (HS256, at
         * least 32 bytes; the same in every service and the gateway, from a Secret).
         */
        String internalTokenSecret();

        /**
         * The enterprise identity provider, whose tokens other systems may send straight to a service's gRPC port
         * (a client-credentials account); off without an issuer. The same settings as the gateway's.
         */
        IdentityProviderTokens.Settings oidc();
    }

    interface Outbox {
        /** How often the relay looks for unpublished rows when no commit woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Rows published per round trip to Kafka. */
        @WithDefault("200")
        int batchSize();

        /** The longest wait between retries while Kafka is unreachable (backoff doubles up to it). */
        @WithDefault("5s")
        Duration maxBackoff();

        /** How long published rows are kept before they are deleted. */
        @WithDefault("P7D")
        Duration retention();
    }

    interface Consumer {
        /** Attempts at an event before it is parked on the topic's dead-letter twin. */
        @WithDefault("3")
        int maxAttempts();

        /** The wait before the first retry of a failed event (doubles per attempt). */
        @WithDefault("200ms")
        Duration retryBackoff();

        /**
         * Events applied in one transaction (one commit for up to this many): for services whose handlers only
         * write their own database. A batch that fails is rolled back and its events applied one by one, with
         * the retries and dead-lettering of single events. 1: every event in its own transaction.
         */
        @WithDefault("1")
        int batchSize();
    }

    interface Kafka {
        /** Partitions of each domain topic the services create at start. */
        @WithDefault("3")
        int topicPartitions();

        /** Replication factor of those topics (3 in production clusters). */
        @WithDefault("1")
        short topicReplication();

        /**
         * {@code min.insync.replicas} of those topics: with {@code acks=all} a write is acknowledged only once this
         * many replicas have it (2 in production clusters, so one broker lost loses no event). At most the
         * replication factor.
         */
        @WithDefault("1")
        int minInsyncReplicas();
    }
}
