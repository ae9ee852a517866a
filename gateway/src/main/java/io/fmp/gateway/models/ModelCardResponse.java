package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.gateway.validation.ApiEnums;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model version as the REST API shows it.
 *
 * @param contentDigest SHA-256 of the version's immutable content
 * @param revision      increases with every change; send it as If-Match to update safely
 * @param governance    the latest governance decision, null until there is one
 * @param deployments   where it is served now: its ready deployments the caller's project may call
 */
@Schema(name = "ModelCard", description = "A registered model version")
public record ModelCardResponse(
        @Schema(required = true) String id,
        @Schema(required = true, description = "The project that owns the model; \"shared\" (the seed catalog) is everybody's",
                example = "team-a") String project,
        @Schema(required = true) String name,
        @Schema(required = true) String provider, @Schema(required = true) String version,
        @Schema(required = true) long parameterCount, @Schema(required = true) String license,
        @Schema(description = "Whether the licence id is one the catalog knows") boolean licenseKnown,
        @Schema(description = "Whether the licence allows commercial use (unknown licences never do)")
        boolean commercialUse,
        @Schema(required = true) int contextWindow, @Schema(required = true) List<String> tasks,
        ModelFactsJson facts, List<CardPartsJson.Endpoint> endpoints, Map<String, String> properties,
        CardPartsJson.LineageJson lineage, List<CardPartsJson.Result> reportedResults, String documentation,
        @Schema(required = true) ApiEnums.LifecycleState lifecycleState,
        @Schema(required = true) Instant registeredAt,
        @Schema(required = true, pattern = "^[0-9a-f]{64}$") String contentDigest,
        List<String> aliases,
        @Schema(required = true) long revision,
        Governance governance,
        @Schema(description = "Where it is served now: its ready deployments the caller's project may call, by name")
        List<Deployment> deployments) {

    @Schema(name = "ModelDeployment", description = "A ready deployment of the model")
    public record Deployment(
            @Schema(required = true, description = "What OpenAI clients send as model to /openai/v1",
                    example = "banking77-router") String name,
            @Schema(required = true) String project,
            @Schema(required = true, description = "local, kubernetes or external") String executor,
            @Schema(description = "The upstream endpoint the gateway calls (a cluster Service, an external URL, or"
                    + " local:)") String endpoint,
            Instant readyAt) {
    }

    /** @param decision approved, rejected or revoked */
    @Schema(name = "GovernanceDecision")
    public record Governance(@Schema(example = "approved") String decision, String decisionId, String decidedBy,
                             String reason, Instant decidedAt) {
    }

    static ModelCardResponse of(ModelCard model) {
        var card = model.getCard();
        var g = model.getGovernance();
        return new ModelCardResponse(model.getId(), model.getProject(), card.getName(), card.getProvider(), card.getVersion(),
                card.getParameterCount(), card.getLicense(), model.getLicenseKnown(), model.getCommercialUse(),
                card.getContextWindow(), card.getTasksList(), ModelFactsJson.of(card.getFacts()),
                CardPartsJson.endpoints(card), card.getPropertiesMap(), CardPartsJson.LineageJson.of(card),
                CardPartsJson.reportedResults(card), card.getDocumentation().isEmpty() ? null : card.getDocumentation(),
                ApiEnums.fromProto(model.getLifecycleState(), ApiEnums.LifecycleState.class),
                ProtoTimestamps.toInstant(model.getRegisteredAt()), model.getContentDigest(), model.getAliasesList(),
                model.getRevision(),
                model.hasGovernance() ? new Governance(g.getDecision(), g.getDecisionId(),
                        g.getDecidedBy().isEmpty() ? null : g.getDecidedBy(), g.getReason().isEmpty() ? null : g.getReason(),
                        ProtoTimestamps.toInstant(g.getDecidedAt())) : null,
                model.getDeploymentsList().stream().map(d -> new Deployment(d.getName(), d.getProject(), d.getExecutor(),
                        d.getEndpoint().isEmpty() ? null : d.getEndpoint(),
                        d.hasReadyAt() ? ProtoTimestamps.toInstant(d.getReadyAt()) : null)).toList());
    }
}
