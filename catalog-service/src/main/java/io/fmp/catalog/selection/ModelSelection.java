package io.fmp.catalog.selection;

import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.evaluations.Evaluation;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.catalog.snapshot.CatalogSnapshot;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.identity.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Recommends catalog models for a use case from the catalog snapshot, which holds the cards and
 * the read models of evaluation results and governance status: no call to another service.
 */
@ApplicationScoped
public class ModelSelection {

    public static final int DEFAULT_LIMIT = 20;
    public static final int DEFAULT_EXCLUDED_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_EXCLUDED_LIMIT = 10_000;

    /**
     * Candidate templates of one snapshot (retired models left out), in id order like the snapshot's
     * entries, and the results of every suite the catalog has, by template. Built once per snapshot
     * from the read model, so requests naming unknown suites cannot make it grow.
     */
    private record Prepared(CatalogSnapshot.View view, List<CandidateFactory.Template> templates,
                            List<Candidate> bases, List<String> projects, Map<String, Evaluation[]> resultsBySuite) {

        /** Null when no model has a result on the suite. */
        Evaluation[] results(String suite) {
            return resultsBySuite.get(suite);
        }
    }

    @Inject
    CatalogSnapshot snapshot;

    private volatile Prepared prepared;

    /**
     * @param limit         ranked models to return, 0 = default
     * @param excludedLimit excluded models to list, null = default
     */
    public Recommendation recommend(Principal caller, UseCaseProfile profile, Workload workload, int limit,
                                    Integer excludedLimit) {
        List<FieldViolation> violations = new ArrayList<>();
        if (limit < 0 || limit > MAX_LIMIT) {
            violations.add(new FieldViolation("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        if (excludedLimit != null && (excludedLimit < 0 || excludedLimit > MAX_EXCLUDED_LIMIT)) {
            violations.add(new FieldViolation("excludedLimit",
                    "must be between 0 and " + MAX_EXCLUDED_LIMIT + ", was " + excludedLimit));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        // fail before reading the catalog; the engine checks again because it is also used on its own
        profile.requireValid();
        Prepared current = prepare(snapshot.current());
        Evaluation[] results = profile.qualitySuite() == null ? null : current.results(profile.qualitySuite());
        // only the models of the caller's project and the shared catalog compete
        int[] visible = IntStream.range(0, current.templates().size())
                .filter(i -> caller.sees(current.projects().get(i))).toArray();
        Measurements measured = Measurements.unknown(visible.length);
        List<Candidate> bases = new ArrayList<>(visible.length);
        for (int k = 0; k < visible.length; k++) {
            int i = visible[k];
            CandidateFactory.measure(current.templates().get(i), results == null ? null : results[i], workload,
                    measured, k);
            bases.add(current.bases().get(i));
        }
        return SelectionEngine.recommend(profile, bases, measured, limit == 0 ? DEFAULT_LIMIT : limit,
                excludedLimit == null ? DEFAULT_EXCLUDED_LIMIT : excludedLimit);
    }

    private Prepared prepare(CatalogSnapshot.View view) {
        Prepared seen = prepared;
        if (seen != null && seen.view() == view) {
            return seen;
        }
        List<CatalogEntry> entries = view.entries().stream().filter(e -> e.state() != LifecycleState.RETIRED).toList();
        List<CandidateFactory.Template> templates = entries.stream().map(CandidateFactory::template).toList();
        Map<String, Evaluation[]> resultsBySuite = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            for (Evaluation evaluation : entries.get(i).evaluations().values()) {
                resultsBySuite.computeIfAbsent(evaluation.suite(), s -> new Evaluation[entries.size()])[i] = evaluation;
            }
        }
        Prepared fresh = new Prepared(view, templates, templates.stream().map(CandidateFactory.Template::base).toList(),
                entries.stream().map(CatalogEntry::project).toList(), Map.copyOf(resultsBySuite));
        prepared = fresh;
        return fresh;
    }
}
