package io.fmp.catalog.selection;

import io.fmp.catalog.costing.Workload;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.snapshot.CatalogSnapshot;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

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

    @Inject
    CatalogSnapshot snapshot;

    /**
     * @param limit         ranked models to return, 0 = default
     * @param excludedLimit excluded models to list, null = default
     */
    public Recommendation recommend(UseCaseProfile profile, Workload workload, int limit, Integer excludedLimit) {
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
        List<Candidate> candidates = snapshot.current().entries().stream()
                .filter(entry -> entry.state() != LifecycleState.RETIRED)
                .map(entry -> CandidateFactory.of(entry, profile.qualitySuite(), workload))
                .toList();
        return SelectionEngine.recommend(profile, candidates, limit == 0 ? DEFAULT_LIMIT : limit,
                excludedLimit == null ? DEFAULT_EXCLUDED_LIMIT : excludedLimit);
    }
}
