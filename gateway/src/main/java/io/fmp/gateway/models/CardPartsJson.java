package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.Lineage;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ReportedResult;
import io.fmp.contracts.catalog.v1.ServingEndpoint;
import io.fmp.gateway.validation.ApiEnums;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** A card's endpoints, lineage and reported results, as requests send them and responses show them. */
final class CardPartsJson {

    private CardPartsJson() {
    }

    /** @param secretRef where the credential lives, never the credential */
    @Schema(name = "ServingEndpoint", description = "How the model is called")
    public record Endpoint(
            @Schema(required = true) ApiEnums.EndpointProtocol protocol,
            @Schema(required = true, example = "https://llama.internal/v1",
                    description = "For embedded-encoder: embedded:<encoder>") String url,
            @Schema(description = "k8s:<secret>/<key> or env:<VARIABLE>; the secret itself is never sent",
                    example = "k8s:llama-gateway/api-key") String secretRef) {

        static Endpoint of(ServingEndpoint e) {
            return new Endpoint(ApiEnums.fromProto(e.getProtocol(), ApiEnums.EndpointProtocol.class), e.getUrl(),
                    emptyToNull(e.getSecretRef()));
        }

        ServingEndpoint proto() {
            ServingEndpoint.Builder endpoint = ServingEndpoint.newBuilder();
            if (protocol != null) {
                endpoint.setProtocol(ApiEnums.toProto(protocol,
                        io.fmp.contracts.catalog.v1.EndpointProtocol.class));
            }
            set(url, endpoint::setUrl);
            set(secretRef, endpoint::setSecretRef);
            return endpoint.build();
        }
    }

    @Schema(name = "Lineage", description = "Where a derived version comes from")
    public record LineageJson(
            @Schema(description = "The catalog model it was derived from") String baseModelId,
            ApiEnums.ArtifactKind artifactKind,
            @Schema(example = "tuning://<job>/head.json") String artifactUri,
            String tuningJobId,
            @Schema(description = "SHA-256 of the training data", pattern = "^[0-9a-f]{64}$") String datasetSha256) {

        static LineageJson of(ModelCardSpec card) {
            if (!card.hasLineage()) {
                return null;
            }
            Lineage l = card.getLineage();
            return new LineageJson(emptyToNull(l.getBaseModelId()),
                    ApiEnums.fromProto(l.getArtifactKind(), ApiEnums.ArtifactKind.class),
                    emptyToNull(l.getArtifactUri()), emptyToNull(l.getTuningJobId()),
                    emptyToNull(l.getDatasetSha256()));
        }

        Lineage proto() {
            Lineage.Builder lineage = Lineage.newBuilder();
            if (artifactKind != null) {
                lineage.setArtifactKind(ApiEnums.toProto(artifactKind, io.fmp.contracts.catalog.v1.ArtifactKind.class));
            }
            set(baseModelId, lineage::setBaseModelId);
            set(artifactUri, lineage::setArtifactUri);
            set(tuningJobId, lineage::setTuningJobId);
            set(datasetSha256, lineage::setDatasetSha256);
            return lineage.build();
        }
    }

    @Schema(name = "ReportedResult", description = "An evaluation result the publisher reports (Hugging Face model-index)")
    public record Result(String taskType, String taskName, String datasetType, String datasetName,
                         String datasetConfig, String datasetSplit, String metricType, String metricName,
                         @Schema(required = true) double value, boolean verified,
                         @Schema(description = "model-index keys the catalog does not model") Map<String, String> extras) {

        static Result of(ReportedResult r) {
            return new Result(emptyToNull(r.getTaskType()), emptyToNull(r.getTaskName()),
                    emptyToNull(r.getDatasetType()), emptyToNull(r.getDatasetName()),
                    emptyToNull(r.getDatasetConfig()), emptyToNull(r.getDatasetSplit()),
                    emptyToNull(r.getMetricType()), emptyToNull(r.getMetricName()), r.getValue(), r.getVerified(),
                    r.getExtrasMap());
        }

        ReportedResult proto() {
            ReportedResult.Builder result = ReportedResult.newBuilder();
            set(taskType, result::setTaskType);
            set(taskName, result::setTaskName);
            set(datasetType, result::setDatasetType);
            set(datasetName, result::setDatasetName);
            set(datasetConfig, result::setDatasetConfig);
            set(datasetSplit, result::setDatasetSplit);
            set(metricType, result::setMetricType);
            set(metricName, result::setMetricName);
            return result.setValue(value).setVerified(verified).putAllExtras(extras == null ? Map.of() : extras).build();
        }
    }

    static List<Endpoint> endpoints(ModelCardSpec card) {
        return card.getEndpointsList().stream().map(Endpoint::of).toList();
    }

    static List<Result> reportedResults(ModelCardSpec card) {
        return card.getReportedResultsList().stream().map(Result::of).toList();
    }

    static void set(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
