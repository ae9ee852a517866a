package io.fmp.gateway;

import io.fmp.contracts.identity.IdentityProviderTokens;
import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's own settings; see docs/configuration.md. Static-init safe: REST filters and exception
 * mappers, which read it, are created while Quarkus starts (in JVM mode that is at run time, so the
 * environment is already there).
 */
@StaticInitSafe
@ConfigMapping(prefix = "fmp.gateway")
public interface GatewayConfig {

    Downstream downstream();

    Auth auth();

    RateLimits rateLimits();

    Serving serving();

    /** Seconds a client is told to wait (`Retry-After`) before retrying after a 503. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** The largest JSON request body, in bytes (above it: 413, chunked bodies counted as they arrive). */
    @WithDefault("1048576")
    long maxJsonBytes();

    /**
     * The largest other document read whole (a catalog YAML import, model-card Markdown), in bytes; dataset
     * uploads stream and are bounded by eval-service.
     */
    @WithDefault("16777216")
    long maxDocumentBytes();

    /** Requests per caller (API key, token subject), answered 429 above the limit. */
    interface RateLimits {
        /** Requests one caller may make per minute (a token bucket, refilled continuously); 0: no limit. */
        @WithDefault("1200")
        int requestsPerMinute();

        /**
         * Where the buckets are: {@code local} (this process; one gateway) or {@code postgresql} (the datasource
         * {@code quarkus.datasource.*}; the limit holds across every replica).
         */
        @WithDefault("local")
        Store store();

        /**
         * Requests a replica takes from a shared bucket before it synchronises with the database; across {@code n}
         * replicas a caller may pass its limit by at most {@code n} times this.
         */
        @WithDefault("20")
        int syncEvery();

        /** The longest a replica keeps requests unsynchronised. */
        @WithDefault("500ms")
        Duration syncInterval();

        enum Store { LOCAL, POSTGRESQL }
    }

    interface Auth {
        /**
         * The secret the caller tokens on the gateway's gRPC calls are signed with: the platform's internal token
         * secret, the same as every service's {@code fmp.identity.internal-token-secret} (from a Secret).
         */
        String internalTokenSecret();

        /** How long a verified API key or token is believed without checking again (revocation takes this long). */
        @WithDefault("30s")
        Duration cacheTtl();

        /** Tokens of the enterprise's identity provider (Keycloak, Entra ID, Okta, Dex); off without an issuer. */
        IdentityProviderTokens.Settings oidc();
    }


    /** The OpenAI-compatible route ({@code /openai/v1}) in front of the deployments; docs/serving.md. */
    interface Serving {
        /** How often the deployments (names, states, endpoints) are read from tuning-service. */
        @WithDefault("2s")
        Duration refreshEvery();

        /**
         * How often metered usage goes to tuning-service (and the projects' token use comes back), and sampled inputs
         * of deployments that capture them to eval-service.
         */
        @WithDefault("1s")
        Duration usageFlushEvery();

        /** The most sampled inputs waiting for eval-service; beyond it, samples are dropped (and logged). */
        @WithDefault("10000")
        int captureMaxPending();

        /** Connecting to a deployment's endpoint; past it the fallback deployment is asked. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** From the request sent to the response's first byte; past it the fallback deployment is asked. */
        @WithDefault("60s")
        Duration firstByteTimeout();

        /** Connections kept to each endpoint. */
        @WithDefault("256")
        int connectionsPerEndpoint();

        /** Tokens (prompt + completion) one caller may use per minute; 0: no limit. */
        @WithDefault("0")
        int tokensPerMinute();

        /**
         * Origins the gateway may call besides public https ones ({@code http://vllm.serving.svc:8000}): a
         * deployment's endpoint in the cluster, a team's model server.
         */
        Optional<List<String>> allowedOrigins();

        /** Whether endpoints on loopback may be called (a model server beside {@code ./fmp up}). */
        @WithDefault("false")
        boolean allowLoopback();

        /** Secret references an external deployment may use, each bound to the origins it may go to. */
        Secrets secrets();

        interface Secrets {
            /** {@code env:FMP_SECRET_OPENAI=https://api.openai.com}; a reference not listed is refused. */
            Optional<List<String>> bindings();

            /** {@code env:} references name variables with this prefix only. */
            @WithDefault("FMP_SECRET_")
            String envPrefix();

            /** Where {@code k8s:<secret>/<key>} references are mounted ({@code <dir>/<secret>/<key>}). */
            @WithDefault("/var/run/secrets/fmp")
            String dir();
        }
    }

    interface Downstream {
        /** Deadline of one gRPC call to a service; retries and the circuit breaker sit around it. */
        @WithDefault("3s")
        Duration deadline();

        /** Deadline of a catalog import: thousands of cards in one all-or-nothing transaction. */
        @WithDefault("120s")
        Duration importDeadline();

        /** Deadline of a dataset upload streamed through to eval-service. */
        @WithDefault("10m")
        Duration uploadDeadline();

        /** Deadline of a paired comparison of two runs (it resamples both). */
        @WithDefault("60s")
        Duration compareDeadline();

        /** Deadline of a tuning-job submission (tuning-service asks the catalog and eval-service before it answers). */
        @WithDefault("30s")
        Duration submitDeadline();
    }
}
