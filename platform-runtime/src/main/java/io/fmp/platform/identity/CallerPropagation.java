package io.fmp.platform.identity;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every gRPC call this service makes carries a caller token: its own caller's when it acts for one
 * (so the service it calls authorizes the same person), its own account's otherwise.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallerPropagation implements ClientInterceptor {

    @Inject
    InternalTokenService tokens;

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        String token = tokens.forCurrentCaller();
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> listener, Metadata headers) {
                headers.put(CallerAuthentication.AUTHORIZATION, "Bearer " + token);
                super.start(listener, headers);
            }
        };
    }
}
