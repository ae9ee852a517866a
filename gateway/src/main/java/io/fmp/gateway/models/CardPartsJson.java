package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.Lineage;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ReportedResult;
import io.fmp.contracts.catalog.v1.ServingEndpoint;
import io.fmp.gateway.validation.ApiWords;
import io.fmp.gateway.validation.JsonObjectReader;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The card's endpoints, lineage and reported results, in and out of JSON. */
final class CardPartsJson {

    static final Set<String> ENDPOINT_FIELDS = Set.of("protocol", "url", "secretRef");
    static final Set<String> LINEAGE_FIELDS = Set.of("baseModelId", "artifactKind", "artifactUri", "tuningJobId",
            "datasetSha256");
    static final Set<String> RESULT_FIELDS = Set.of("taskType", "taskName", "datasetType", "datasetName",
            "datasetConfig", "datasetSplit", "metricType", "metricName", "value", "verified", "extras");

    private CardPartsJson() {
    }

    static List<ServingEndpoint> endpoints(JsonObjectReader card) {
        return card.optionalObjectList("endpoints", ENDPOINT_FIELDS).stream().map(e -> {
            ServingEndpoint.Builder endpoint = ServingEndpoint.newBuilder();
            EndpointProtocol protocol = e.optionalEnum("protocol", ApiWords.ENDPOINT_PROTOCOLS);
            if (protocol != null) {
                endpoint.setProtocol(protocol);
            }
            String url = e.optionalString("url");
            String secretRef = e.optionalString("secretRef");
            if (url != null) {
                endpoint.setUrl(url);
            }
            if (secretRef != null) {
                endpoint.setSecretRef(secretRef);
            }
            return endpoint.build();
        }).toList();
    }

    /** Null when the card has no lineage. */
    static Lineage lineage(JsonObjectReader card) {
        JsonObjectReader l = card.optionalObject("lineage", LINEAGE_FIELDS);
        if (l == null) {
            return null;
        }
        Lineage.Builder lineage = Lineage.newBuilder();
        ArtifactKind kind = l.optionalEnum("artifactKind", ApiWords.ARTIFACT_KINDS);
        if (kind != null) {
            lineage.setArtifactKind(kind);
        }
        set(l.optionalString("baseModelId"), lineage::setBaseModelId);
        set(l.optionalString("artifactUri"), lineage::setArtifactUri);
        set(l.optionalString("tuningJobId"), lineage::setTuningJobId);
        set(l.optionalString("datasetSha256"), lineage::setDatasetSha256);
        return lineage.build();
    }

    static List<ReportedResult> reportedResults(JsonObjectReader card) {
        return card.optionalObjectList("reportedResults", RESULT_FIELDS).stream().map(r -> {
            ReportedResult.Builder result = ReportedResult.newBuilder();
            set(r.optionalString("taskType"), result::setTaskType);
            set(r.optionalString("taskName"), result::setTaskName);
            set(r.optionalString("datasetType"), result::setDatasetType);
            set(r.optionalString("datasetName"), result::setDatasetName);
            set(r.optionalString("datasetConfig"), result::setDatasetConfig);
            set(r.optionalString("datasetSplit"), result::setDatasetSplit);
            set(r.optionalString("metricType"), result::setMetricType);
            set(r.optionalString("metricName"), result::setMetricName);
            Double value = r.requiredDouble("value");
            if (value != null) {
                result.setValue(value);
            }
            result.setVerified(r.optionalBoolean("verified")).putAllExtras(r.optionalStringMap("extras"));
            return result.build();
        }).toList();
    }

    /** Reads every optional part into the card builder. */
    static void readInto(JsonObjectReader card, ModelCardSpec.Builder proto) {
        proto.addAllEndpoints(endpoints(card)).putAllProperties(card.optionalStringMap("properties"))
                .addAllReportedResults(reportedResults(card));
        Lineage lineage = lineage(card);
        if (lineage != null) {
            proto.setLineage(lineage);
        }
        set(card.optionalString("documentation"), proto::setDocumentation);
    }

    public record Endpoint(String protocol, String url, String secretRef) {
    }

    public record LineageJson(String baseModelId, String artifactKind, String artifactUri, String tuningJobId,
                              String datasetSha256) {
    }

    public record Result(String taskType, String taskName, String datasetType, String datasetName,
                         String datasetConfig, String datasetSplit, String metricType, String metricName, double value,
                         boolean verified, Map<String, String> extras) {
    }

    static List<Endpoint> endpoints(ModelCardSpec card) {
        return card.getEndpointsList().stream().map(e -> new Endpoint(ApiWords.word(e.getProtocol().name()), e.getUrl(),
                emptyToNull(e.getSecretRef()))).toList();
    }

    static LineageJson lineage(ModelCardSpec card) {
        if (!card.hasLineage()) {
            return null;
        }
        Lineage l = card.getLineage();
        return new LineageJson(emptyToNull(l.getBaseModelId()),
                l.getArtifactKind() == ArtifactKind.ARTIFACT_KIND_UNSPECIFIED ? null : ApiWords.word(l.getArtifactKind().name()),
                emptyToNull(l.getArtifactUri()), emptyToNull(l.getTuningJobId()), emptyToNull(l.getDatasetSha256()));
    }

    static List<Result> reportedResults(ModelCardSpec card) {
        return card.getReportedResultsList().stream().map(r -> new Result(emptyToNull(r.getTaskType()),
                emptyToNull(r.getTaskName()), emptyToNull(r.getDatasetType()), emptyToNull(r.getDatasetName()),
                emptyToNull(r.getDatasetConfig()), emptyToNull(r.getDatasetSplit()), emptyToNull(r.getMetricType()),
                emptyToNull(r.getMetricName()), r.getValue(), r.getVerified(), r.getExtrasMap())).toList();
    }

    private static void set(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
