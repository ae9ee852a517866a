package io.fmp.gateway.serving;

import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.serving.v1.Deployment;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.downstream.ServingClient;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deployments as the OpenAI route needs them, kept in memory and read again from tuning-service every
 * {@code fmp.gateway.serving.refresh-every} (and at most every quarter second when a name is not known yet), so a
 * request resolves its model without a call. A drained deployment is seen within one refresh.
 */
@ApplicationScoped
public class DeploymentDirectory {

    private static final Logger LOG = Logger.getLogger(DeploymentDirectory.class);
    static final long MISS_REFRESH_NANOS = 250_000_000L;

    /** A deployment as requests are routed to it. */
    public record Route(Deployment deployment) {
        public String name() {
            return deployment.getSpec().getName();
        }

        public String project() {
            return deployment.getProject();
        }

        public String state() {
            return deployment.getState();
        }

        public boolean local() {
            return deployment.getEndpoint().startsWith("local:");
        }

        /** Whether a caller acting in {@code project} may use it: its own project's, or the shared project's. */
        public boolean visibleTo(String callerProject) {
            return project().equals(callerProject) || project().equals(Principal.SHARED);
        }
    }

    @Inject
    ServingClient serving;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @Inject
    ServingMetrics metrics;

    private volatile Map<String, Route> byProjectAndName = Map.of();
    private volatile Uni<Void> refreshing;
    private final AtomicLong lastRefresh = new AtomicLong();

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(config.serving().refreshEvery().toMillis(), id -> refresh().subscribe().with(x -> {
        }, e -> LOG.debugf("Deployments not read: %s", e.toString())));
    }

    /** Reads every deployment again; concurrent askers share one call. */
    Uni<Void> refresh() {
        Uni<Void> running = refreshing;
        if (running != null) {
            return running;
        }
        Uni<Void> call = serving.directory().map(list -> {
            Map<String, Route> next = new HashMap<>();
            for (Deployment d : list) {
                next.put(d.getProject() + "/" + d.getSpec().getName(), new Route(d));
                metrics.known(d.getProject(), d.getSpec().getName());
            }
            byProjectAndName = next;
            lastRefresh.set(System.nanoTime());
            return (Void) null;
        }).eventually(() -> refreshing = null).memoize().indefinitely();
        refreshing = call;
        return call;
    }

    /** The deployment named in the caller's project (or the shared one); null when there is none. */
    public Uni<Route> find(String project, String name) {
        Route known = known(project, name);
        if (known != null || System.nanoTime() - lastRefresh.get() < MISS_REFRESH_NANOS) {
            return Uni.createFrom().item(known);
        }
        return refresh().map(x -> known(project, name)).onFailure().recoverWithItem(e -> known(project, name));
    }

    private Route known(String project, String name) {
        Route own = byProjectAndName.get(project + "/" + name);
        return own != null ? own : byProjectAndName.get(Principal.SHARED + "/" + name);
    }

    /** Deployments a caller acting in {@code project} may use. */
    public List<Route> visibleTo(String project) {
        return byProjectAndName.values().stream().filter(r -> r.visibleTo(project)).toList();
    }

    /** Reads now (tests, and the first request after start). */
    public Uni<Void> ensureLoaded() {
        return lastRefresh.get() == 0 ? refresh().onFailure().recoverWithNull() : Uni.createFrom().voidItem();
    }
}
