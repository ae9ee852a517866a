package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.gateway.validation.ApiWords;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model version as the REST API shows it.
 *
 * @param contentDigest SHA-256 of the version's immutable content
 * @param revision      increases with every change; send it as If-Match to update safely
 * @param governance    the latest governance decision, null until there is one
 */
public record ModelCardResponse(String id, String name, String provider, String version, long parameterCount,
                                String license, boolean licenseKnown, boolean commercialUse, int contextWindow,
                                List<String> tasks, ModelFactsJson.Response facts, List<CardPartsJson.Endpoint> endpoints,
                                Map<String, String> properties, CardPartsJson.LineageJson lineage,
                                List<CardPartsJson.Result> reportedResults, String documentation, String lifecycleState,
                                Instant registeredAt, String contentDigest, List<String> aliases, long revision,
                                Governance governance) {

    /** @param decision approved, rejected or revoked */
    public record Governance(String decision, String decisionId, String decidedBy, String reason, Instant decidedAt) {
    }

    static ModelCardResponse of(ModelCard model) {
        var card = model.getCard();
        var g = model.getGovernance();
        return new ModelCardResponse(model.getId(), card.getName(), card.getProvider(), card.getVersion(),
                card.getParameterCount(), card.getLicense(), model.getLicenseKnown(), model.getCommercialUse(),
                card.getContextWindow(), card.getTasksList(), ModelFactsJson.Response.of(card.getFacts()),
                CardPartsJson.endpoints(card), card.getPropertiesMap(), CardPartsJson.lineage(card),
                CardPartsJson.reportedResults(card), card.getDocumentation().isEmpty() ? null : card.getDocumentation(),
                ApiWords.word(model.getLifecycleState().name()), ProtoTimestamps.toInstant(model.getRegisteredAt()),
                model.getContentDigest(), model.getAliasesList(), model.getRevision(),
                model.hasGovernance() ? new Governance(g.getDecision(), g.getDecisionId(),
                        g.getDecidedBy().isEmpty() ? null : g.getDecidedBy(), g.getReason().isEmpty() ? null : g.getReason(),
                        ProtoTimestamps.toInstant(g.getDecidedAt())) : null);
    }
}
