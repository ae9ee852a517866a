package io.fmp.governance.facts;

import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelAliasMoved;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.TuningCompleted;
import io.fmp.governance.usecases.Reviews;
import io.fmp.platform.storage.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps what governance decides on from other services' events (models, their lineage, their latest results),
 * so a gate needs no synchronous call, and hands changes to {@link Reviews}.
 */
@ApplicationScoped
public class FactProjector {

    @Inject
    Reviews reviews;

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope event) {
        switch (event.type()) {
            case EventTypes.MODEL_REGISTERED -> registered(EventCodec.payload(event, ModelRegistered.class), event);
            case EventTypes.TUNING_COMPLETED -> tuned(EventCodec.payload(event, TuningCompleted.class));
            case EventTypes.EVAL_COMPLETED -> evaluated(EventCodec.payload(event, EvalCompleted.class), event);
            case EventTypes.MODEL_ALIAS_MOVED -> {
                ModelAliasMoved moved = EventCodec.payload(event, ModelAliasMoved.class);
                if ("production".equals(moved.alias())) {
                    reviews.productionMoved(moved.toModelId());
                }
            }
            default -> {
            }
        }
    }

    private void registered(ModelRegistered registered, EventEnvelope event) {
        ModelFact fact = ModelFact.findById(registered.modelId());
        boolean known = fact != null;
        if (!known) {
            fact = new ModelFact();
            fact.modelId = registered.modelId();
        }
        fact.name = registered.name();
        fact.version = registered.version();
        fact.project = registered.project();
        fact.license = registered.license();
        fact.baseModelId = registered.serving().baseModelId();
        fact.registeredAt = event.time().atOffset(ZoneOffset.UTC);
        fact.persist();
        if (!known) {
            reviews.newModelVersion(fact);
        }
    }

    private void tuned(TuningCompleted completed) {
        ModelFact fact = ModelFact.findById(completed.modelId());
        if (fact != null) {
            fact.method = completed.method();
            fact.datasetSha256 = completed.datasetSha256();
            fact.baseModelId = completed.baseModelId();
        }
    }

    private void evaluated(EvalCompleted completed, EventEnvelope event) {
        EvalFact fact = EvalFact.findById(new EvalFact.Key(completed.modelId(), completed.suite()));
        OffsetDateTime at = event.time().atOffset(ZoneOffset.UTC);
        if (fact != null && fact.completedAt.isAfter(at)) {
            return;
        }
        if (fact == null) {
            fact = new EvalFact();
            fact.modelId = completed.modelId();
            fact.suite = completed.suite();
        }
        fact.runId = completed.runId();
        fact.metric = completed.metric();
        fact.value = completed.value();
        fact.ciLower = completed.ciLower();
        fact.ciUpper = completed.ciUpper();
        fact.metricsJson = Json.write(completed.metrics());
        fact.examples = completed.examples();
        fact.suiteVersion = completed.suiteVersion();
        fact.completedAt = at;
        fact.persist();
        reviews.freshResult(completed.modelId(), completed.suite(), completed.metric(),
                completed.ciLower() == null ? completed.value() : completed.ciLower());
    }
}
