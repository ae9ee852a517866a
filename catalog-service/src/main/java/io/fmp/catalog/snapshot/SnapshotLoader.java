package io.fmp.catalog.snapshot;

import io.fmp.catalog.evaluations.Evaluation;
import io.fmp.catalog.evaluations.ModelEvaluation;
import io.fmp.catalog.governance.GovernanceStatus;
import io.fmp.catalog.governance.ModelGovernance;
import io.fmp.catalog.model.ContentDigest;
import io.fmp.catalog.model.Model;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.serving.ServedDeployment;
import io.fmp.catalog.sizing.SelfHostedFootprint;
import io.fmp.catalog.versions.ModelAlias;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the next snapshot from the previous one and the rows stamped after its generation. */
@ApplicationScoped
class SnapshotLoader {

    private static final Logger LOG = Logger.getLogger(SnapshotLoader.class);
    /** Above this many new models, reading every result is cheaper than asking for theirs. */
    private static final int SELECTIVE_LOAD_LIMIT = 500;

    @Inject
    CatalogGeneration generation;

    @Transactional
    CatalogSnapshot.View refresh(CatalogSnapshot.View previous) {
        long started = System.nanoTime();
        // read first: rows committed later carry a higher stamp and are read (again) next time
        long latest = generation.current();
        long since = previous == null ? Long.MIN_VALUE : previous.generation();
        Map<String, CatalogEntry> entries = previous == null ? new HashMap<>() : new HashMap<>(previous.byId());

        List<Model> changedModels = Model.list("changeSeq > ?1", since);
        Set<String> newIds = new HashSet<>();
        changedModels.forEach(m -> {
            if (!entries.containsKey(m.id)) {
                newIds.add(m.id);
            }
        });
        boolean everything = previous == null || newIds.size() > SELECTIVE_LOAD_LIMIT;
        List<ModelEvaluation> evaluations = everything ? ModelEvaluation.listAll()
                : merged(ModelEvaluation.list("changeSeq > ?1", since),
                newIds.isEmpty() ? List.of() : ModelEvaluation.list("modelId in ?1", newIds));
        List<ModelGovernance> decisions = everything ? ModelGovernance.listAll()
                : merged(ModelGovernance.list("changeSeq > ?1", since),
                newIds.isEmpty() ? List.of() : ModelGovernance.list("modelId in ?1", newIds));

        Map<String, List<String>> aliases = new HashMap<>();
        ModelAlias.<ModelAlias>list("order by alias").forEach(a ->
                aliases.computeIfAbsent(a.modelId, id -> new ArrayList<>()).add(a.alias));

        for (Model model : changedModels) {
            CatalogEntry before = entries.get(model.id);
            ModelCardSpec card = model.spec();
            entries.put(model.id, new CatalogEntry(model.id, model.project, card, ContentDigest.of(card), model.registeredAt,
                    model.commercialUse, model.licenseKnown, model.lifecycleState, model.revision, List.of(),
                    before == null ? null : before.governance(), before == null ? Map.of() : before.evaluations(),
                    SelfHostedFootprint.of(card), before == null ? List.of() : before.deployments()));
        }
        for (ModelEvaluation evaluation : evaluations) {
            entries.computeIfPresent(evaluation.modelId, (id, entry) -> {
                Map<String, Evaluation> results = new TreeMap<>(entry.evaluations());
                results.put(evaluation.suite, evaluation.toRecord());
                return entry.withEvaluations(results);
            });
        }
        for (ModelGovernance decision : decisions) {
            GovernanceStatus status = decision.toRecord();
            entries.computeIfPresent(decision.modelId, (id, entry) -> entry.withGovernance(status));
        }
        servedDeployments(everything, since, newIds).forEach((id, ready) ->
                entries.computeIfPresent(id, (key, entry) -> entry.withDeployments(ready)));
        entries.replaceAll((id, entry) -> {
            List<String> current = aliases.getOrDefault(id, List.of());
            return entry.aliases().equals(current) ? entry : entry.withAliases(current);
        });
        CatalogSnapshot.View view = CatalogSnapshot.View.of(latest, entries);
        LOG.debugf("Catalog snapshot at generation %d: %d models, %d changed, %.1f ms", latest, entries.size(),
                changedModels.size(), (System.nanoTime() - started) / 1e6);
        return view;
    }

    /** The ready deployments of every model whose deployments changed (an empty list: none is ready any more). */
    private static Map<String, List<ServedDeployment.Endpoint>> servedDeployments(boolean everything, long since,
                                                                                 Set<String> newIds) {
        Set<String> modelIds = new HashSet<>(newIds);
        List<ServedDeployment> ready;
        if (everything) {
            ready = ServedDeployment.list("state = ?1 order by name", ServedDeployment.READY);
        } else {
            // ids only: an entity loaded here would be returned again, as it was then, by the query below
            modelIds.addAll(ServedDeployment.find("select d.modelId from ServedDeployment d where d.changeSeq > ?1", since)
                    .project(String.class).list());
            ready = modelIds.isEmpty() ? List.of() : ServedDeployment.list("modelId in ?1 and state = ?2 order by name",
                    modelIds, ServedDeployment.READY);
        }
        Map<String, List<ServedDeployment.Endpoint>> byModel = new HashMap<>();
        modelIds.forEach(id -> byModel.put(id, new ArrayList<>()));
        ready.forEach(d -> byModel.computeIfAbsent(d.modelId, id -> new ArrayList<>()).add(d.toRecord()));
        return byModel;
    }

    private static <T> List<T> merged(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
