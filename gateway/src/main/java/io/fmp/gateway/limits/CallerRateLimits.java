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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
    /** When the store's failure was last logged: once a minute, not once a request. */
    private final AtomicLong lastStoreWarning = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(2));

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
        if (!shared) {
            return decision;
        }
        // a shared bucket may talk to the database: never on the event loop. When the database cannot be
        // asked the request goes through (logged): the limiter's store going down must not take the API with it
        return decision.runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().recoverWithItem(error -> {
                    long now = System.nanoTime();
                    long last = lastStoreWarning.get();
                    if (now - last > TimeUnit.MINUTES.toNanos(1) && lastStoreWarning.compareAndSet(last, now)) {
                        LOG.warnf("Rate limits are not checked: the bucket store fails (%s); requests are let through",
                                error.toString());
                    }
                    return null;
                });
    }
}
