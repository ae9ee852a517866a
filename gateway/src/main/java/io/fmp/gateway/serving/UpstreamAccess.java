package io.fmp.gateway.serving;

import io.fmp.contracts.egress.EgressPolicy;
import io.fmp.contracts.egress.Origin;
import io.fmp.contracts.egress.SecretBindings;
import io.fmp.gateway.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the gateway may send a deployment's requests and with which credential: the operator's egress rules
 * (checked on the resolved addresses, which the gateway then connects to) and secret bindings (a reference goes only
 * to the origins it is bound to). A decision is kept for half a minute, so the request path neither resolves names
 * nor reads secrets' bindings each time.
 */
@ApplicationScoped
public class UpstreamAccess {

    static final long KEEP_NANOS = 30_000_000_000L;

    /** Where to connect and what to send as the bearer credential (null: none). */
    public record Target(URI base, InetSocketAddress address, Supplier<String> credential) {
    }

    private record Kept(Target target, String refusal, long at) {
    }

    @Inject
    GatewayConfig config;

    private EgressPolicy egress;
    private SecretBindings secrets;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        GatewayConfig.Serving s = config.serving();
        egress = EgressPolicy.of(s.allowedOrigins().orElse(List.of()), s.allowLoopback(),
                "fmp.gateway.serving.allowed-origins");
        secrets = SecretBindings.parse(s.secrets().envPrefix(), Path.of(s.secrets().dir()),
                s.secrets().bindings().orElse(List.of()), "fmp.gateway.serving.secrets.bindings");
    }

    /** The target of an endpoint; fails with {@link RefusedException} when the rules forbid it. */
    public Uni<Target> target(String endpoint, String secretRef) {
        String key = endpoint + " " + (secretRef == null ? "" : secretRef);
        Kept hit = kept.get(key);
        if (hit != null && System.nanoTime() - hit.at() < KEEP_NANOS) {
            return hit.refusal() == null ? Uni.createFrom().item(hit.target())
                    : Uni.createFrom().failure(new RefusedException(hit.refusal()));
        }
        // resolving a name blocks: off the event loop
        return Uni.createFrom().item(() -> decide(endpoint, secretRef)).runSubscriptionOn(Infrastructure
                .getDefaultWorkerPool()).map(decided -> {
            kept.put(key, decided);
            if (decided.refusal() != null) {
                throw new RefusedException(decided.refusal());
            }
            return decided.target();
        });
    }

    private Kept decide(String endpoint, String secretRef) {
        try {
            URI base = URI.create(endpoint);
            InetSocketAddress address = egress.check(base);
            Supplier<String> credential = secrets.resolver(secretRef, Origin.of(base));
            return new Kept(new Target(base, address, credential), null, System.nanoTime());
        } catch (EgressPolicy.EgressRefusedException | SecretBindings.SecretRefusedException
                 | IllegalArgumentException e) {
            return new Kept(null, e.getMessage(), System.nanoTime());
        }
    }

    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }
}
