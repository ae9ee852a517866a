package io.fmp.platform.identity;

import io.fmp.contracts.identity.InternalTokens;
import io.fmp.contracts.identity.Principal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * Every gRPC call to this service carries a caller token ({@link InternalTokens}); one without, or with
 * one that is not the platform's or has expired, is answered UNAUTHENTICATED before any handler runs.
 * The health and reflection services stay open. The verified caller is in {@link Callers#current()}.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerAuthentication implements ServerInterceptor, Prioritized {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of(InternalTokens.METADATA_KEY, Metadata.ASCII_STRING_MARSHALLER);
    private static final Set<String> OPEN = Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    @Inject
    InternalTokenService tokens;

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
            return refuse(call, "the caller token is not valid: " + e.getMessage());
        }
        return Contexts.interceptCall(Context.current().withValue(Callers.KEY, caller), call, headers, next);
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
