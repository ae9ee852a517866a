package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.grpc.ProtoTimestamps;

import java.time.Instant;
import java.util.List;

/** A registered model card as the REST API shows it. */
public record ModelCardResponse(String id, String name, String provider, String version, long parameterCount,
                                String license, boolean licenseKnown, boolean commercialUse, int contextWindow,
                                List<String> tasks, ModelFactsJson.Response facts, String lifecycleState,
                                Instant registeredAt) {

    static ModelCardResponse of(ModelCard model) {
        var card = model.getCard();
        return new ModelCardResponse(model.getId(), card.getName(), card.getProvider(), card.getVersion(),
                card.getParameterCount(), card.getLicense(), model.getLicenseKnown(), model.getCommercialUse(),
                card.getContextWindow(), card.getTasksList(), ModelFactsJson.Response.of(card.getFacts()),
                model.getLifecycleState().name().toLowerCase(java.util.Locale.ROOT), ProtoTimestamps.toInstant(model.getRegisteredAt()));
    }
}
