package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.gateway.validation.JsonBinder;
import io.fmp.gateway.validation.JsonRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/models}. The gateway checks syntax and types ({@link JsonBinder});
 * the catalog checks the domain rules (ranges, licence ids, endpoints, lineage).
 */
@Schema(name = "ModelCardRequest", description = "A model card to register")
public record ModelCardRequest(
        @Schema(required = true, example = "Llama 3.1 8B Instruct") String name,
        @Schema(required = true, example = "Meta") String provider,
        @Schema(required = true, example = "3.1") String version,
        @Schema(required = true, description = "Total parameter count", example = "8030000000") long parameterCount,
        @Schema(required = true, description = "SPDX or Hugging Face licence id", example = "llama3.1") String license,
        @Schema(required = true, description = "Context window in tokens", example = "131072") int contextWindow,
        @Schema(required = true, description = "Hugging Face pipeline tags", example = "[\"text-generation\"]")
        List<String> tasks,
        ModelFactsJson facts,
        List<CardPartsJson.Endpoint> endpoints,
        @Schema(description = "Free-form metadata", example = "{\"owner\": \"payments-ml\"}") Map<String, String> properties,
        List<CardPartsJson.Result> reportedResults,
        CardPartsJson.LineageJson lineage,
        @Schema(description = "The model card's Markdown body") String documentation) implements JsonRequest {

    /** Reads and checks a raw body, naming every bad field at once. */
    static ModelCardSpec parse(String body) {
        return JsonBinder.bind(body, ModelCardRequest.class).proto();
    }

    ModelCardSpec proto() {
        ModelCardSpec.Builder card = ModelCardSpec.newBuilder().setName(name).setProvider(provider).setVersion(version)
                .setParameterCount(parameterCount).setLicense(license).setContextWindow(contextWindow)
                .addAllTasks(tasks);
        if (facts != null) {
            card.setFacts(facts.proto());
        }
        parts(card, endpoints, properties, reportedResults, lineage, documentation);
        return card.build();
    }

    /** The optional parts a registration and a patch share. */
    static void parts(ModelCardSpec.Builder card, List<CardPartsJson.Endpoint> endpoints, Map<String, String> properties,
                      List<CardPartsJson.Result> reportedResults, CardPartsJson.LineageJson lineage,
                      String documentation) {
        if (endpoints != null) {
            endpoints.forEach(e -> card.addEndpoints(e.proto()));
        }
        if (properties != null) {
            card.putAllProperties(properties);
        }
        if (reportedResults != null) {
            reportedResults.forEach(r -> card.addReportedResults(r.proto()));
        }
        if (lineage != null) {
            card.setLineage(lineage.proto());
        }
        CardPartsJson.set(documentation, card::setDocumentation);
    }
}
