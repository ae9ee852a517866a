package io.fmp.catalog.serving;

import io.fmp.catalog.snapshot.CatalogGeneration;
import io.fmp.contracts.events.DeploymentChanged;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Keeps where each model is served (the served-deployment read model) from tuning-service's {@code deployment.*}
 * events, so a model's card names its ready endpoints without a call to tuning-service.
 */
@ApplicationScoped
public class DeploymentProjector implements EventHandler {

    @Inject
    CatalogGeneration generation;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.DEPLOYMENT_CREATED, EventTypes.DEPLOYMENT_READY, EventTypes.DEPLOYMENT_SCALED,
                EventTypes.DEPLOYMENT_DRAINED, EventTypes.DEPLOYMENT_FAILED, EventTypes.DEPLOYMENT_DELETED);
    }

    @Override
    public void handle(EventEnvelope event) {
        DeploymentChanged changed = EventCodec.payload(event, DeploymentChanged.class);
        OffsetDateTime at = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
        ServedDeployment served = ServedDeployment.findById(changed.deploymentId());
        if (served != null && served.changedAt.isAfter(at)) {
            // an older change arriving late must not undo a newer one
            return;
        }
        if (served == null) {
            served = new ServedDeployment();
            served.deploymentId = changed.deploymentId();
        }
        boolean becameReady = ServedDeployment.READY.equals(changed.state()) && !ServedDeployment.READY.equals(served.state);
        served.modelId = changed.modelId();
        served.name = changed.name();
        served.project = changed.project();
        served.executor = changed.executor();
        served.state = changed.state();
        served.endpoint = changed.endpoint();
        served.changedAt = at;
        if (becameReady) {
            served.readyAt = at;
        }
        served.changeSeq = generation.stamp();
        served.persist();
    }
}
