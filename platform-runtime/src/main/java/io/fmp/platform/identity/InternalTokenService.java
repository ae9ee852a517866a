package io.fmp.platform.identity;

import io.fmp.contracts.identity.InternalTokens;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.config.PlatformConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This service's side of {@link InternalTokens}: verifies the tokens of incoming calls and mints (and
 * reuses for half their life) the ones its outgoing calls carry.
 */
@ApplicationScoped
public class InternalTokenService {

    private static final Duration LIFETIME = Duration.ofMinutes(1);

    @Inject
    PlatformConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    private InternalTokens tokens;
    private final Map<Principal, Minted> minted = new ConcurrentHashMap<>();

    private record Minted(String token, long renewAt) {
    }

    @PostConstruct
    void init() {
        tokens = new InternalTokens(config.identity().internalTokenSecret(), LIFETIME);
    }

    public Principal verify(String token) throws InternalTokens.InvalidTokenException {
        return tokens.verify(token);
    }

    /** A token for the current caller, or for this service when the work is its own. */
    public String forCurrentCaller() {
        Principal caller = Callers.current();
        return tokenFor(caller != null ? caller : Principal.service(serviceName));
    }

    String tokenFor(Principal principal) {
        long now = System.nanoTime();
        Minted cached = minted.get(principal);
        if (cached != null && cached.renewAt() > now) {
            return cached.token();
        }
        if (minted.size() > 10_000) {
            minted.clear();
        }
        String token = tokens.mint(principal);
        minted.put(principal, new Minted(token, now + LIFETIME.toNanos() / 2));
        return token;
    }
}
