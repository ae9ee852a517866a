package io.fmp.platform.identity;

import io.fmp.contracts.identity.IdentityProviderTokens;
import io.fmp.contracts.identity.InternalTokens;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.identity.VerifiedCredentials;
import io.fmp.platform.config.PlatformConfig;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Every gRPC call to this service carries a caller token: the platform's own ({@link InternalTokens}, from
 * the gateway or another service) or, when an identity provider is configured, one of its tokens (another
 * system calling the gRPC API with a client-credentials account; it names its project in the
 * {@code fmp-project} metadata when it has several). A call without one, or with one that is neither or
 * has expired, is answered UNAUTHENTICATED before any handler runs. The health and reflection services
 * stay open. The verified caller is in {@link Callers#current()}.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerAuthentication implements ServerInterceptor, Prioritized {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of(InternalTokens.METADATA_KEY, Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> PROJECT = Metadata.Key.of("fmp-project", Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN = Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    @Inject
    InternalTokenService tokens;

    @Inject
    PlatformConfig config;

    private IdentityProviderTokens identityProvider;
    private final VerifiedCredentials<Principal> verified = new VerifiedCredentials<>();

    @PostConstruct
    void init() {
        identityProvider = IdentityProviderTokens.of(config.identity().oidc()).orElse(null);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                     ServerCallHandler<Q, A> next) {
        if (OPEN.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        String header = headers.get(AUTHORIZATION);
        if (header == null || !header.startsWith("Bearer ")) {
            return refuse(call, "the call carries no caller token");
        }
        Principal caller;
        try {
            caller = tokens.verify(header.substring(7));
        } catch (InternalTokens.InvalidTokenException e) {
            if (identityProvider == null) {
                return refuse(call, "the caller token is not valid: " + e.getMessage());
            }
            try {
                caller = fromIdentityProvider(header.substring(7), headers.get(PROJECT));
            } catch (IdentityProviderTokens.InvalidTokenException | IllegalStateException refused) {
                return refuse(call, "the caller token is neither the platform's nor the identity provider's: "
                        + refused.getMessage());
            }
        }
        return Contexts.interceptCall(Context.current().withValue(Callers.KEY, caller), call, headers, next);
    }

    /** A verified identity-provider token is kept until it expires, like the platform's own. */
    private Principal fromIdentityProvider(String token, String project)
            throws IdentityProviderTokens.InvalidTokenException {
        String key = token + "\n" + (project == null ? "" : project);
        Principal known = verified.get(key);
        if (known != null) {
            return known;
        }
        IdentityProviderTokens.Verified checked = identityProvider.verify(token);
        Principal principal = checked.principal(project);
        verified.put(key, principal, Duration.between(Instant.now(), checked.expiresAt()).toNanos());
        return principal;
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, String why) {
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** Before everything else, blocking dispatch included: the caller is known to whatever runs. */
    @Override
    public int getPriority() {
        return 1_000;
    }
}
