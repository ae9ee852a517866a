package io.fmp.platform.identity;

import io.fmp.contracts.identity.InternalTokens;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.config.PlatformConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * This service's side of {@link InternalTokens}: verifies the tokens of incoming calls and gives its
 * outgoing calls theirs.
 */
@ApplicationScoped
public class InternalTokenService {

    private static final Duration LIFETIME = Duration.ofMinutes(1);

    @Inject
    PlatformConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    private InternalTokens tokens;

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
        return tokens.tokenFor(caller != null ? caller : Principal.service(serviceName));
    }
}
