package io.fmp.catalog.evaluations;

import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.platform.consumer.EventHandler;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.model.Model;
import io.fmp.catalog.model.ModelCatalog;
import io.fmp.catalog.snapshot.CatalogGeneration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Keeps the latest result per model and suite, so selection answers without calling eval-service;
 * a candidate with its first result becomes evaluated.
 */
@ApplicationScoped
public class EvalCompletedProjector implements EventHandler {

    private static final Logger LOG = Logger.getLogger(EvalCompletedProjector.class);

    @Inject
    CatalogGeneration generation;

    @Inject
    ModelCatalog catalog;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.EVAL_COMPLETED);
    }

    @Override
    public void handle(EventEnvelope event) {
        EvalCompleted result = EventCodec.payload(event, EvalCompleted.class);
        OffsetDateTime completedAt = OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC);
        String key = ModelEvaluation.key(result.modelId(), result.suite());
        ModelEvaluation evaluation = ModelEvaluation.findById(key);
        if (evaluation != null && evaluation.completedAt.isAfter(completedAt)) {
            // a late, older run must not replace a newer result
            return;
        }
        if (evaluation == null) {
            evaluation = new ModelEvaluation();
            evaluation.id = key;
            evaluation.modelId = result.modelId();
            evaluation.suite = result.suite();
        }
        evaluation.metric = result.metric();
        evaluation.value = result.value();
        evaluation.p95LatencyMs = result.p95LatencyMs();
        evaluation.examples = result.examples();
        evaluation.runId = result.runId();
        evaluation.completedAt = completedAt;
        evaluation.changeSeq = generation.stamp();
        evaluation.persist();
        Model model = Model.findById(result.modelId());
        if (model != null && model.lifecycleState == LifecycleState.CANDIDATE) {
            catalog.moveState(model, LifecycleState.EVALUATED, "eval run " + result.runId() + " on " + result.suite()
                    + " completed");
        }
        LOG.infof("Evaluation of %s on %s: %s %.4f", result.modelId(), result.suite(), result.metric(), result.value());
    }
}
