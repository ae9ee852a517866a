package io.fmp.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.ApiEnums.Role;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the identity provider's tokens: signed (RS256, PS256 or ES256; never {@code none}) by a key
 * of the issuer's key set, for our audience, not expired, from the configured issuer. Roles come from
 * the configured claim: {@code platform-admin}, or {@code <project>:<role>}; other values are ignored
 * (an identity provider carries roles of other applications too).
 */
final class TokenVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayConfig.Oidc config;
    private volatile JwtConsumer consumer;

    TokenVerifier(GatewayConfig.Oidc config) {
        this.config = config;
    }

    boolean enabled() {
        return config.issuer().isPresent();
    }

    /** The caller the token names, acting in {@code requestedProject} (or its only project). */
    Caller verify(String token, String requestedProject) throws NotAuthenticatedException {
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new NotAuthenticatedException("the token is not valid: " + reason(e));
        }
        Map<String, Set<Role>> roles = new HashMap<>();
        boolean admin = false;
        for (String value : roleValues(claims.getClaimsMap(), config.rolesClaim())) {
            if (value.equals("platform-admin")) {
                admin = true;
                continue;
            }
            int colon = value.indexOf(':');
            Role role = colon < 0 ? null : ApiEnums.parse(value.substring(colon + 1), Role.class);
            if (role != null && role != Role.PLATFORM_ADMIN) {
                roles.computeIfAbsent(value.substring(0, colon), p -> new HashSet<>()).add(role);
            }
        }
        String project = requestedProject != null && !requestedProject.isBlank() ? requestedProject
                : roles.size() == 1 ? roles.keySet().iterator().next() : "";
        try {
            return new Caller(claims.getSubject(), project, roles, admin,
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (MalformedClaimException e) {
            throw new NotAuthenticatedException("the token's subject is malformed");
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

    private JwtConsumer consumer() throws NotAuthenticatedException {
        JwtConsumer current = consumer;
        if (current == null) {
            synchronized (this) {
                if (consumer == null) {
                    String issuer = config.issuer().orElseThrow();
                    HttpsJwks keys = new HttpsJwks(config.jwksUrl().orElseGet(() -> jwksUri(issuer)));
                    consumer = new JwtConsumerBuilder()
                            .setRequireExpirationTime()
                            .setRequireSubject()
                            .setAllowedClockSkewInSeconds(30)
                            .setExpectedIssuer(issuer)
                            .setExpectedAudience(config.audience())
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
