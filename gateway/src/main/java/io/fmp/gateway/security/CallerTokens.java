package io.fmp.gateway.security;

import io.fmp.contracts.identity.InternalTokens;
import io.fmp.contracts.identity.Principal;
import io.fmp.gateway.GatewayConfig;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.arc.Arc;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Every gRPC call the gateway makes carries the authenticated caller as a platform caller token, so the
 * services authorize and record the same person; calls made before anyone is authenticated (verifying
 * an API key) carry the gateway's own account.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerTokens implements ClientInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of(InternalTokens.METADATA_KEY, Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration LIFETIME = Duration.ofMinutes(1);
    private static final Principal GATEWAY = Principal.service("gateway");

    @Inject
    GatewayConfig config;

    private InternalTokens tokens;

    @PostConstruct
    void init() {
        tokens = new InternalTokens(config.auth().internalTokenSecret(), LIFETIME);
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        String token = tokens.tokenFor(principal());
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> listener, Metadata headers) {
                headers.put(AUTHORIZATION, "Bearer " + token);
                super.start(listener, headers);
            }
        };
    }

    /**
     * The caller a call is made for outside a JAX-RS request (the OpenAI route runs on Vert.x alone): set with
     * {@code Context.current().withValue(CALLER, ...)} around the call.
     */
    public static final io.grpc.Context.Key<Principal> CALLER = io.grpc.Context.key("fmp-caller");

    /** The caller of the request being served, if one was authenticated. */
    private static Principal principal() {
        Principal routed = CALLER.get();
        if (routed != null) {
            return routed;
        }
        if (!Arc.container().requestContext().isActive()) {
            return GATEWAY;
        }
        Caller caller = Arc.container().instance(CurrentCaller.class).get().orNull();
        if (caller == null) {
            return GATEWAY;
        }
        return caller.principal();
    }
}
