package io.fmp.catalog.grpc;

import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.identity.Principal;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The protobuf form of each catalog entry, built once per entry: entries are immutable and a change
 * makes a new one, so a cached message is valid exactly while its entry is the current one.
 * Searches return the same cards again and again; this keeps them from being rebuilt per call. Deployments of
 * projects a caller does not see are taken out per call (rare: most are in the model's own project).
 */
@ApplicationScoped
class ModelCardCache {

    private record Built(CatalogEntry entry, ModelCard card) {
    }

    private final ConcurrentHashMap<String, Built> byId = new ConcurrentHashMap<>();

    /** The card as the caller may see it: without the deployments of projects it does not see. */
    ModelCard of(CatalogEntry entry, Principal caller) {
        ModelCard card = of(entry);
        if (entry.deployments().stream().allMatch(d -> caller.sees(d.project()))) {
            return card;
        }
        return card.toBuilder().clearDeployments().addAllDeployments(card.getDeploymentsList().stream()
                .filter(d -> caller.sees(d.getProject())).toList()).build();
    }

    private ModelCard of(CatalogEntry entry) {
        Built built = byId.get(entry.id());
        if (built == null || built.entry() != entry) {
            built = new Built(entry, ModelCardMapping.toProto(entry));
            byId.put(entry.id(), built);
        }
        return built.card();
    }
}
