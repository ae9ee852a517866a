package io.fmp.platform.testing;

import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An OpenID Connect issuer for tests: a discovery document and a key set over HTTP on 127.0.0.1,
 * and tokens signed with its RSA key (RS256), as an identity provider issues them. Also the tokens
 * a gateway must refuse: signed by another key, unsigned, expired, for another audience or issuer.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String AUDIENCE = "fmp";

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final RsaJsonWebKey foreignKey;

    private TestIdentityProvider(HttpServer server, RsaJsonWebKey key, RsaJsonWebKey foreignKey) {
        this.server = server;
        this.key = key;
        this.foreignKey = foreignKey;
    }

    public static TestIdentityProvider start() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-key");
            RsaJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);
            foreign.setKeyId("test-key");
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestIdentityProvider provider = new TestIdentityProvider(server, key, foreign);
            String keySet = new JsonWebKeySet(key).toJson();
            server.createContext("/.well-known/openid-configuration", exchange -> {
                byte[] body = ("{\"issuer\":\"" + provider.issuer() + "\",\"jwks_uri\":\"" + provider.issuer()
                        + "/keys\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/keys", exchange -> {
                byte[] body = keySet.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return provider;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A valid token for the subject with these values in its {@code roles} claim, for an hour. */
    public String token(String subject, String... roles) {
        return sign(claims(issuer(), AUDIENCE, subject, Duration.ofHours(1), roles), key, true);
    }

    /** Signed by a key the issuer never published (same key id). */
    public String tokenSignedByAnotherKey(String subject, String... roles) {
        return sign(claims(issuer(), AUDIENCE, subject, Duration.ofHours(1), roles), foreignKey, true);
    }

    /** Without a signature ({@code alg: none}). */
    public String unsignedToken(String subject, String... roles) {
        return sign(claims(issuer(), AUDIENCE, subject, Duration.ofHours(1), roles), key, false);
    }

    /** Expired ten minutes ago (beyond any clock skew allowed). */
    public String expiredToken(String subject, String... roles) {
        return sign(claims(issuer(), AUDIENCE, subject, Duration.ofMinutes(-10), roles), key, true);
    }

    public String tokenForAudience(String audience, String subject, String... roles) {
        return sign(claims(issuer(), audience, subject, Duration.ofHours(1), roles), key, true);
    }

    public String tokenFromIssuer(String issuer, String subject, String... roles) {
        return sign(claims(issuer, AUDIENCE, subject, Duration.ofHours(1), roles), key, true);
    }

    private static JwtClaims claims(String issuer, String audience, String subject, Duration lifetime, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(lifetime.toSeconds() / 60f);
        claims.setStringListClaim("roles", List.of(roles));
        // where Keycloak puts realm roles, for gateways configured for it
        claims.setClaim("realm_access", java.util.Map.of("roles", List.of(roles)));
        return claims;
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey key, boolean signed) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        if (signed) {
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        } else {
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
