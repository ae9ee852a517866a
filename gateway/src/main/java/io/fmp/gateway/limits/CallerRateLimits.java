package io.fmp.gateway.limits;

import io.agroal.api.AgroalDataSource;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.security.Caller;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The gateway's request rate limit per caller ({@code fmp.gateway.rate-limits}), built at start so that a
 * misconfigured store stops the gateway instead of its first request.
 */
@ApplicationScoped
public class CallerRateLimits {

    private static final Logger LOG = Logger.getLogger(CallerRateLimits.class);

    @Inject
    GatewayConfig config;

    @Inject
    Instance<AgroalDataSource> database;

    @Inject
    Vertx vertx;

    private RateLimits limits;
    private boolean shared;

    void start(@Observes StartupEvent event) {
        GatewayConfig.RateLimits settings = config.rateLimits();
        shared = settings.store() == GatewayConfig.RateLimits.Store.POSTGRESQL;
        limits = shared ? RateLimits.shared(database.get(), settings.syncEvery(), settings.syncInterval())
                : RateLimits.local();
        if (shared) {
            // buckets that refilled are dropped a minute later; one replica's sweep is enough, more do no harm
            vertx.setPeriodic(60_000, id -> vertx.executeBlocking(() -> limits.removeExpired(1_000), false));
        }
        LOG.infof("Rate limit: %d requests per minute per caller, buckets %s", settings.requestsPerMinute(),
                shared ? "in PostgreSQL (shared by every gateway replica)" : "in this process");
    }

    /** Takes one request from the caller's bucket (its key's own limit, or the default); null when no limit is set. */
    public Uni<RateLimits.Decision> take(Caller caller) {
        int perMinute = caller.requestsPerMinute() > 0 ? caller.requestsPerMinute()
                : config.rateLimits().requestsPerMinute();
        if (perMinute <= 0) {
            return Uni.createFrom().nullItem();
        }
        Uni<RateLimits.Decision> decision = Uni.createFrom().item(() -> limits.take(caller.subject(), perMinute));
        // a shared bucket may talk to the database: never on the event loop
        return shared ? decision.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : decision;
    }
}
