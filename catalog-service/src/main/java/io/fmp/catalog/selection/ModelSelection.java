package io.fmp.catalog.selection;

import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.evaluations.ModelEvaluation;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.model.Model;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Recommends catalog models for a use case from the catalog's own tables and read models. */
@ApplicationScoped
public class ModelSelection {

    @Transactional
    public Recommendation recommend(UseCaseProfile profile, Workload workload) {
        // fail before loading the catalog; the engine checks again because it is also used on its own
        profile.requireValid();
        Map<String, ModelEvaluation> evaluations = profile.qualitySuite() == null ? Map.of()
                : ModelEvaluation.<ModelEvaluation>list("suite", profile.qualitySuite()).stream()
                .collect(Collectors.toMap(e -> e.modelId, Function.identity()));
        List<Candidate> candidates = Model.<Model>listAll().stream()
                .filter(m -> m.lifecycleState != LifecycleState.RETIRED)
                .map(m -> {
                    ModelEvaluation evaluation = evaluations.get(m.id);
                    return CandidateFactory.of(m.id, m.spec(), m.commercialUse,
                            m.lifecycleState == LifecycleState.APPROVED,
                            evaluation == null ? null : evaluation.value,
                            evaluation == null ? null : evaluation.p95LatencyMs, workload);
                })
                .toList();
        return SelectionEngine.recommend(profile, candidates);
    }
}
