package io.fmp.contracts.identity;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The short-lived tokens that carry a {@link Principal} on gRPC calls between the platform's own
 * processes: HS256 over the platform's internal secret, issuer {@code fmp}, audience
 * {@code fmp-services}, a minute of life. The gateway mints them for the callers it authenticated;
 * a service mints them for its own account or passes on its caller's; every service verifies them
 * (metadata {@code authorization: Bearer <token>}).
 */
public final class InternalTokens {

    public static final String METADATA_KEY = "authorization";
    static final String ISSUER = "fmp";
    static final String AUDIENCE = "fmp-services";

    private final HmacKey key;
    private final Duration lifetime;
    private final JwtConsumer consumer;
    private final Map<Principal, Minted> minted = new ConcurrentHashMap<>();
    private final VerifiedCredentials<Principal> verified = new VerifiedCredentials<>();

    private record Minted(String token, long renewAt) {
    }


    /** @param secret the platform's internal token secret, at least 32 bytes */
    public InternalTokens(String secret, Duration lifetime) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("the internal token secret must be at least 32 bytes");
        }
        this.key = new HmacKey(secret.getBytes(StandardCharsets.UTF_8));
        this.lifetime = lifetime;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(5)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256)
                .build();
    }

    /**
     * A token for the principal: the one minted before while it has more than half its life left (a busy
     * caller is not signed for on every call), else a new one.
     */
    public String tokenFor(Principal principal) {
        long now = System.nanoTime();
        Minted cached = minted.get(principal);
        if (cached != null && cached.renewAt() > now) {
            return cached.token();
        }
        if (minted.size() > 10_000) {
            minted.clear();
        }
        String token = mint(principal);
        minted.put(principal, new Minted(token, now + lifetime.toNanos() / 2));
        return token;
    }

    /** A new token for the principal, valid for the configured lifetime. */
    public String mint(Principal principal) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(principal.subject());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetime.toMillis() / 60_000f);
        claims.setClaim("project", principal.project());
        claims.setStringListClaim("roles", principal.roles());
        claims.setClaim("platformAdmin", principal.platformAdmin());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a caller token", e);
        }
    }

    /** The principal a token carries; {@link InvalidTokenException} when it is not one of ours, or expired. */
    public Principal verify(String token) throws InvalidTokenException {
        Principal known = verified.get(token);
        if (known != null) {
            return known;
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            Object admin = claims.getClaimValue("platformAdmin");
            Principal principal = new Principal(claims.getSubject(), claims.getStringClaimValue("project"),
                    claims.hasClaim("roles") ? claims.getStringListClaimValue("roles") : List.of(),
                    Boolean.TRUE.equals(admin));
            verified.put(token, principal, TimeUnit.MILLISECONDS.toNanos(
                    claims.getExpirationTime().getValueInMillis() - System.currentTimeMillis()));
            return principal;
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new InvalidTokenException(e.getMessage());
        }
    }

    /** Why a caller token was refused. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}
