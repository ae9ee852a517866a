package io.fmp.catalog.snapshot;

import io.fmp.catalog.evaluations.Evaluation;
import io.fmp.catalog.governance.GovernanceStatus;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.serving.ServedDeployment;
import io.fmp.catalog.sizing.SelfHostedFootprint;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One model version as readers see it: the card, its state, its aliases and the read models of
 * its evaluation results (by suite) and governance status. Immutable; a change makes a new entry.
 *
 * @param project   the project that owns the model (who else may see it: {@code Principal#sees})
 * @param footprint null for hosted APIs
 * @param governance null until governance decided
 * @param deployments its ready deployments, by name (every project's: readers filter by who may see them)
 */
public record CatalogEntry(String id, String project, ModelCardSpec card, String contentDigest, OffsetDateTime registeredAt,
                           boolean commercialUse, boolean licenseKnown, LifecycleState state, long revision,
                           List<String> aliases, GovernanceStatus governance, Map<String, Evaluation> evaluations,
                           SelfHostedFootprint footprint, List<ServedDeployment.Endpoint> deployments) {

    public CatalogEntry {
        aliases = List.copyOf(aliases);
        evaluations = Map.copyOf(evaluations);
        deployments = List.copyOf(deployments);
    }

    CatalogEntry withAliases(List<String> newAliases) {
        return new CatalogEntry(id, project, card, contentDigest, registeredAt, commercialUse, licenseKnown, state, revision,
                newAliases, governance, evaluations, footprint, deployments);
    }

    CatalogEntry withGovernance(GovernanceStatus status) {
        return new CatalogEntry(id, project, card, contentDigest, registeredAt, commercialUse, licenseKnown, state, revision,
                aliases, status, evaluations, footprint, deployments);
    }

    CatalogEntry withEvaluations(Map<String, Evaluation> results) {
        return new CatalogEntry(id, project, card, contentDigest, registeredAt, commercialUse, licenseKnown, state, revision,
                aliases, governance, results, footprint, deployments);
    }

    CatalogEntry withDeployments(List<ServedDeployment.Endpoint> ready) {
        return new CatalogEntry(id, project, card, contentDigest, registeredAt, commercialUse, licenseKnown, state, revision,
                aliases, governance, evaluations, footprint, ready);
    }

    public String label() {
        return card.name() + " " + card.version();
    }
}
