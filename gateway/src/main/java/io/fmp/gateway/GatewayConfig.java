package io.fmp.gateway;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
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

    interface Auth {
        /**
         * The secret the caller tokens on the gateway's gRPC calls are signed with: the platform's internal token
         * secret, the same as every service's {@code fmp.identity.internal-token-secret} (from a Secret).
         */
        String internalTokenSecret();

        /** How long a verified API key or token is believed without checking again (revocation takes this long). */
        @WithDefault("30s")
        Duration cacheTtl();

        Oidc oidc();
    }

    /** Tokens of the enterprise's identity provider (Keycloak, Entra ID, Okta, Dex); off without an issuer. */
    interface Oidc {
        /** The issuer tokens must name ({@code iss}); its discovery document gives the signing keys. */
        Optional<String> issuer();

        /** The audience tokens must be for ({@code aud}). */
        @WithDefault("fmp")
        String audience();

        /** Where the issuer's signing keys are, when not from its discovery document. */
        Optional<String> jwksUrl();

        /**
         * The claim holding the caller's roles, a dotted path into the token (Keycloak: {@code realm_access.roles}).
         * Values: {@code platform-admin}, or {@code <project>:<role>} with role viewer, contributor, approver or
         * project-admin.
         */
        @WithDefault("roles")
        String rolesClaim();
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
