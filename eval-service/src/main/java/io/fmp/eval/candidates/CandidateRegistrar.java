package io.fmp.eval.candidates;

import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.ModelUpdated;
import io.fmp.eval.tuned.TunedModelEvaluations;
import io.fmp.platform.consumer.EventHandler;
import io.fmp.platform.storage.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** Keeps the candidate list, with how each model is served, in step with the catalog. */
@ApplicationScoped
public class CandidateRegistrar implements EventHandler {

    private static final Logger LOG = Logger.getLogger(CandidateRegistrar.class);

    @Inject
    TunedModelEvaluations tunedModels;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.MODEL_REGISTERED, EventTypes.MODEL_UPDATED);
    }

    @Override
    public void handle(EventEnvelope event) {
        if (event.type().equals(EventTypes.MODEL_UPDATED)) {
            ModelUpdated update = EventCodec.payload(event, ModelUpdated.class);
            EvaluationCandidate candidate = EvaluationCandidate.findById(update.modelId());
            if (candidate != null && update.serving() != null) {
                candidate.serving = Json.write(update.serving());
                LOG.infof("Candidate %s now served at %s", update.modelId(),
                        update.serving().endpoints().stream().map(e -> e.protocol()).toList());
                tunedModels.modelChanged(update.modelId());
            }
            return;
        }
        ModelRegistered model = EventCodec.payload(event, ModelRegistered.class);
        EvaluationCandidate candidate = new EvaluationCandidate();
        candidate.modelId = model.modelId();
        candidate.project = model.project();
        candidate.name = model.name();
        candidate.version = model.version();
        candidate.tasks = String.join(",", model.tasks());
        candidate.registeredAt = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
        candidate.serving = Json.write(model.serving());
        candidate.persist();
        LOG.infof("New evaluation candidate %s (%s %s) for tasks %s, served by %s", model.modelId(), model.name(),
                model.version(), model.tasks(), model.serving().endpoints().stream().map(e -> e.protocol()).toList());
        tunedModels.modelChanged(model.modelId());
    }
}
