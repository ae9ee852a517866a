package io.fmp.tuning.basemodels;

import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Set;

/** Keeps the base-model list in step with the catalog. */
@ApplicationScoped
public class BaseModelRegistrar implements EventHandler {

    private static final Logger LOG = Logger.getLogger(BaseModelRegistrar.class);

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.MODEL_REGISTERED);
    }

    @Override
    public void handle(EventEnvelope event) {
        ModelRegistered registered = EventCodec.payload(event, ModelRegistered.class);
        BaseModel model = new BaseModel();
        model.modelId = registered.modelId();
        model.project = registered.project();
        model.name = registered.name();
        model.version = registered.version();
        model.parameterCount = registered.parameterCount();
        model.license = registered.license();
        model.persist();
        LOG.infof("New base model %s (%s %s, %d parameters, licence %s)", model.modelId, model.name, model.version,
                model.parameterCount, model.license);
    }
}
