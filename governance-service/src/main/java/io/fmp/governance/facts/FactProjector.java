package io.fmp.governance.facts;

import io.fmp.contracts.events.DatasetRegistered;
import io.fmp.contracts.events.EvalCancelled;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EvalFailed;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.InputDriftMeasured;
import io.fmp.contracts.events.ModelAliasMoved;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.SuiteRegistered;
import io.fmp.contracts.events.TuningCompleted;
import io.fmp.governance.usecases.Reevaluations;
import io.fmp.governance.usecases.Reviews;
import io.fmp.platform.storage.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps what governance decides on from other services' events (models, their lineage, their latest results,
 * the dataset versions suites read),
 * so a gate needs no synchronous call, and hands changes to {@link Reviews} and ended runs to
 * {@link Reevaluations}.
 */
@ApplicationScoped
public class FactProjector {

    @Inject
    Reviews reviews;

    @Inject
    Reevaluations reevaluations;

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope event) {
        switch (event.type()) {
            case EventTypes.MODEL_REGISTERED -> registered(EventCodec.payload(event, ModelRegistered.class), event);
            case EventTypes.TUNING_COMPLETED -> tuned(EventCodec.payload(event, TuningCompleted.class));
            case EventTypes.EVAL_COMPLETED -> {
                EvalCompleted completed = EventCodec.payload(event, EvalCompleted.class);
                evaluated(completed, event);
                reevaluations.runEnded(completed.runId(), true, null);
            }
            case EventTypes.SUITE_REGISTERED -> suite(EventCodec.payload(event, SuiteRegistered.class));
            case EventTypes.DATASET_REGISTERED -> {
                DatasetRegistered dataset = EventCodec.payload(event, DatasetRegistered.class);
                reviews.newDatasetVersion(dataset.project(), dataset.name(), dataset.version());
            }
            case EventTypes.EVAL_CANCELLED -> {
                EvalCancelled cancelled = EventCodec.payload(event, EvalCancelled.class);
                reevaluations.runEnded(cancelled.runId(), false, "the run was cancelled after " + cancelled.done()
                        + " of " + cancelled.total() + " examples");
            }
            case EventTypes.EVAL_FAILED -> {
                EvalFailed failed = EventCodec.payload(event, EvalFailed.class);
                reevaluations.runEnded(failed.runId(), false, failed.reason());
            }
            case EventTypes.EVAL_INPUT_DRIFT -> reviews.inputDrift(EventCodec.payload(event, InputDriftMeasured.class));
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
        fact.commercialUse = registered.card().commercialUse();
        fact.trainingData = registered.card().trainingData();
        fact.ipIndemnity = registered.card().ipIndemnity();
        fact.generalPurposeJson = registered.card().generalPurpose() == null ? null
                : Json.write(registered.card().generalPurpose());
        fact.persist();
        if (!known) {
            reviews.newModelVersion(fact);
        }
    }

    private void suite(SuiteRegistered registered) {
        SuiteFact fact = SuiteFact.findById(new SuiteFact.Key(registered.project(), registered.name()));
        if (fact != null && fact.version >= registered.version()) {
            return;
        }
        if (fact == null) {
            fact = new SuiteFact();
            fact.project = registered.project();
            fact.name = registered.name();
        }
        fact.version = registered.version();
        fact.dataset = registered.dataset();
        fact.datasetVersion = registered.datasetVersion();
        fact.persist();
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
