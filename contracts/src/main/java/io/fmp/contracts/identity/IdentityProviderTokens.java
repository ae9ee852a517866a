package io.fmp.contracts.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.WithDefault;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Verifies the enterprise identity provider's tokens, for the gateway (people, scripts) and for every
 * service (other systems calling the gRPC APIs with a client-credentials account): signed (RS256, PS256
 * or ES256; never {@code none}) by a key of the issuer's key set, for our audience, not expired, from
 * the configured issuer. Roles come from the configured claim: {@code platform-admin}, or
 * {@code <project>:<role>}; other values are ignored (an identity provider carries roles of other
 * applications too).
 */
public final class IdentityProviderTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PROJECT_ROLES =
            Set.of(Principal.VIEWER, Principal.CONTRIBUTOR, Principal.APPROVER, Principal.PROJECT_ADMIN);

    /**
     * The identity provider, as the gateway ({@code fmp.gateway.auth.oidc}) and every service
     * ({@code fmp.identity.oidc}) configure it: a group of their configuration mappings.
     */
    public interface Settings {
        /** The issuer tokens must name ({@code iss}); its discovery document gives the signing keys. Off without. */
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

    /** A verifier of the configured provider's tokens; none when no issuer is configured. */
    public static Optional<IdentityProviderTokens> of(Settings settings) {
        return settings.issuer().map(issuer -> new IdentityProviderTokens(issuer, settings));
    }

    /**
     * A verified token.
     *
     * @param rolesByProject the roles the token grants per project
     */
    public record Verified(String subject, Map<String, Set<String>> rolesByProject, boolean platformAdmin,
                           Instant expiresAt) {

        /** The project a request acts in: the one it names, or the token's only project, or none. */
        public String project(String requested) {
            return requested != null && !requested.isBlank() ? requested
                    : rolesByProject.size() == 1 ? rolesByProject.keySet().iterator().next() : "";
        }

        /** The principal acting in {@code requested} (see {@link #project}), with its roles there. */
        public Principal principal(String requested) {
            String project = project(requested);
            return new Principal(subject, project, List.copyOf(rolesByProject.getOrDefault(project, Set.of())),
                    platformAdmin);
        }
    }

    /** Why a token was refused, in words safe to return to its sender. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }

    private final String issuer;
    private final Settings settings;
    private volatile JwtConsumer consumer;

    private IdentityProviderTokens(String issuer, Settings settings) {
        this.issuer = issuer;
        this.settings = settings;
    }

    /**
     * The token's subject and roles. The first call reads the issuer's keys (blocking I/O: call it off an
     * event loop); {@link IllegalStateException} when they cannot be read.
     */
    public Verified verify(String token) throws InvalidTokenException {
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException("the token is not valid: " + reason(e));
        }
        String subject;
        try {
            subject = claims.getSubject();
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the token's subject is malformed");
        }
        if (subject.startsWith("service:") || subject.startsWith("key:")) {
            // those name the platform's own services and API keys: no identity provider speaks for them
            throw new InvalidTokenException("the token's subject " + subject + " is reserved");
        }
        Map<String, Set<String>> roles = new TreeMap<>();
        boolean admin = false;
        for (String value : roleValues(claims.getClaimsMap(), settings.rolesClaim())) {
            int colon = value.indexOf(':');
            if (value.equals("platform-admin")) {
                admin = true;
            } else if (colon > 0 && PROJECT_ROLES.contains(value.substring(colon + 1))) {
                roles.computeIfAbsent(value.substring(0, colon), p -> new TreeSet<>()).add(value.substring(colon + 1));
            }
        }
        try {
            return new Verified(subject, roles, admin, Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the token's expiry is malformed");
        }
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "expired";
        }
        return e.getErrorDetails().isEmpty() ? "its signature or claims do not hold"
                : e.getErrorDetails().get(0).getErrorMessage();
    }

    @SuppressWarnings("unchecked")
    private static List<String> roleValues(Map<String, Object> claims, String path) {
        Object node = claims;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(part);
        }
        if (node instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return node instanceof String value ? List.of(value) : List.of();
    }

    private JwtConsumer consumer() {
        JwtConsumer current = consumer;
        if (current == null) {
            synchronized (this) {
                if (consumer == null) {
                    HttpsJwks keys = new HttpsJwks(settings.jwksUrl().orElseGet(() -> jwksUri(issuer)));
                    consumer = new JwtConsumerBuilder()
                            .setRequireExpirationTime()
                            .setRequireSubject()
                            .setAllowedClockSkewInSeconds(30)
                            .setExpectedIssuer(issuer)
                            .setExpectedAudience(settings.audience())
                            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                                    AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                                    AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                            .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
                            .build();
                }
                current = consumer;
            }
        }
        return current;
    }

    /** The key set's address from the issuer's OpenID discovery document. */
    private static String jwksUri(String issuer) {
        URI discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode document = JSON.readTree(answer.body());
            if (answer.statusCode() != 200 || !document.hasNonNull("jwks_uri")) {
                throw new IllegalStateException(discovery + " answered " + answer.statusCode() + " without a jwks_uri");
            }
            return document.get("jwks_uri").asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + discovery + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + discovery, e);
        }
    }
}
