package io.fmp.gateway.security;

import io.fmp.contracts.governance.v1.ApiKey;
import io.fmp.contracts.identity.IdentityProviderTokens;
import io.fmp.contracts.identity.VerifiedCredentials;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.downstream.DownstreamUnavailableException;
import io.fmp.gateway.downstream.IdentityClient;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.validation.ApiEnums;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fmp.contracts.grpc.ProtoTimestamps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an {@code Authorization: Bearer ...} header into a {@link Caller}: an API key ({@code fmp_...},
 * verified by governance-service) or an identity provider's token. What was verified is believed for
 * {@code fmp.gateway.auth.cache-ttl} (by a hash of the credential, never the credential itself), so the
 * request path asks nobody for a caller it has seen.
 */
@ApplicationScoped
public class Authenticator {

    @Inject
    GatewayConfig config;

    @Inject
    IdentityClient identity;

    private IdentityProviderTokens tokens;
    private final VerifiedCredentials<Caller> verified = new VerifiedCredentials<>();

    @PostConstruct
    void init() {
        tokens = IdentityProviderTokens.of(config.auth().oidc()).orElse(null);
    }

    /**
     * The caller; fails with {@link NotAuthenticatedException} for missing or unusable credentials, and with
     * {@link DownstreamUnavailableException} when whoever verifies them cannot be asked.
     *
     * @param project the project a token holder asks to act in (a header); API keys have theirs
     */
    public Uni<Caller> authenticate(String authorization, String project) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() == 7) {
            return Uni.createFrom().failure(new NotAuthenticatedException(
                    "send an API key or an identity-provider token as Authorization: Bearer <credential>"));
        }
        String credential = authorization.substring(7).trim();
        String cacheKey = sha256(credential + "\n" + (project == null ? "" : project));
        Caller hit = verified.get(cacheKey);
        if (hit != null) {
            return Uni.createFrom().item(hit);
        }
        Uni<Caller> fresh = credential.startsWith("fmp_") ? apiKey(credential) : token(credential, project);
        return fresh.invoke(caller -> remember(cacheKey, caller));
    }

    private Uni<Caller> apiKey(String secret) {
        return identity.verify(secret)
                .onFailure(StatusRuntimeException.class).transform(e ->
                        ((StatusRuntimeException) e).getStatus().getCode() == Status.Code.UNAUTHENTICATED
                                ? new NotAuthenticatedException(((StatusRuntimeException) e).getStatus().getDescription())
                                : e)
                .map(Authenticator::caller);
    }

    private Uni<Caller> token(String token, String project) {
        if (tokens == null) {
            return Uni.createFrom().failure(new NotAuthenticatedException("this is not an API key, and no identity"
                    + " provider is configured (fmp.gateway.auth.oidc.issuer)"));
        }
        // the first token fetches the issuer's keys (blocking I/O): off the event loop
        return Uni.createFrom().item(() -> {
            try {
                return caller(tokens.verify(token), project);
            } catch (IdentityProviderTokens.InvalidTokenException e) {
                throw new TokenRefused(new NotAuthenticatedException(e.getMessage()));
            } catch (IllegalStateException e) {
                throw new DownstreamUnavailableException("the identity provider", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(TokenRefused.class).transform(Throwable::getCause);
    }

    /** Carries the checked exception through the supplier. */
    private static final class TokenRefused extends RuntimeException {
        TokenRefused(NotAuthenticatedException cause) {
            super(cause);
        }
    }

    private static Caller caller(IdentityProviderTokens.Verified token, String project) {
        Map<String, Set<Role>> roles = new HashMap<>();
        token.rolesByProject().forEach((name, words) -> roles.put(name, words.stream()
                .map(word -> ApiEnums.parse(word, Role.class)).collect(Collectors.toSet())));
        return new Caller(token.subject(), token.project(project), roles, token.platformAdmin(), token.expiresAt(), 0);
    }

    static Caller caller(ApiKey key) {
        Instant expires = key.hasExpiresAt() ? ProtoTimestamps.toInstant(key.getExpiresAt()) : null;
        if (key.getRole() == io.fmp.contracts.governance.v1.Role.PLATFORM_ADMIN) {
            return new Caller("key:" + key.getId(), "", Map.of(), true, expires, key.getRequestsPerMinute());
        }
        Role role = ApiEnums.fromProto(key.getRole(), Role.class);
        return new Caller("key:" + key.getId(), key.getProject(), Map.of(key.getProject(), Set.of(role)), false,
                expires, key.getRequestsPerMinute());
    }

    private void remember(String cacheKey, Caller caller) {
        long ttl = config.auth().cacheTtl().toNanos();
        if (caller.expiresAt() != null) {
            // never believed past the credential's own expiry
            ttl = Math.min(ttl, Duration.between(Instant.now(), caller.expiresAt()).toNanos());
        }
        verified.put(cacheKey, caller, ttl);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
