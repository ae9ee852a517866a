package io.fmp.platform.health;

import io.fmp.platform.consumer.IdempotentEventConsumer;
import io.fmp.platform.outbox.OutboxRelay;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Kafka's side of the service, at {@code /q/health/well} and in {@code /q/health}: whether the outbox
 * relay publishes (and how many events wait) and whether the event consumer runs (and how often it
 * was restarted). Not a readiness check on purpose: the outbox exists so that writes succeed while
 * the broker is away, and a pod taken out of its Service for that would answer nothing at all.
 */
@Wellness
@ApplicationScoped
public class EventBackboneHealth implements HealthCheck {

    @Inject
    OutboxRelay relay;

    @Inject
    IdempotentEventConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        IdempotentEventConsumer.Status consuming = consumer.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event backbone")
                .status(relay.publishing() && (!consuming.enabled() || consuming.consuming()))
                .withData("outbox", relay.publishing() ? "publishing" : "broker unreachable, events kept")
                .withData("outboxPending", relay.pending())
                .withData("consumer", !consuming.enabled() ? "none" : consuming.consuming() ? "consuming" : "restarting")
                .withData("consumerRestarts", consuming.restarts());
        if (consuming.lastFailure() != null) {
            response.withData("consumerLastFailure", consuming.lastFailure());
        }
        return response.build();
    }
}
