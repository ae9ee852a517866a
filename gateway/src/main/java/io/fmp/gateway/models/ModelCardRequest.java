package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.gateway.validation.JsonObjectReader;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code POST /api/v1/models}: the record is its OpenAPI schema; {@link #parse} reads a raw body
 * field by field. Syntax is checked here; the catalog checks the domain rules.
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
        @Schema(description = "Optional facts that model selection weighs", implementation = ModelFactsJson.Response.class)
        io.fmp.contracts.catalog.v1.ModelFacts facts,
        @Schema(description = "Serving endpoints: protocol openai-chat | openai-completions | embedded-encoder, url, "
                + "secretRef (k8s:<secret>/<key> or env:<VARIABLE>, never the secret)",
                implementation = CardPartsJson.Endpoint[].class)
        Object endpoints,
        @Schema(description = "Free-form metadata", example = "{\"owner\": \"payments-ml\"}") Map<String, String> properties,
        @Schema(description = "Where this version comes from", implementation = CardPartsJson.LineageJson.class)
        Object lineage,
        @Schema(description = "Evaluation results the publisher reports (Hugging Face model-index)",
                implementation = CardPartsJson.Result[].class)
        Object reportedResults,
        @Schema(description = "The model card's Markdown body") String documentation) {

    static final Set<String> FIELDS = Set.of("name", "provider", "version", "parameterCount", "license",
            "contextWindow", "tasks", "facts", "endpoints", "properties", "lineage", "reportedResults", "documentation");

    /** Parses and checks the raw body, naming every bad field at once. */
    static ModelCardSpec parse(String body) {
        JsonObjectReader reader = JsonObjectReader.parse(body, FIELDS);
        String name = reader.requiredString("name");
        String provider = reader.requiredString("provider");
        String version = reader.requiredString("version");
        Long parameterCount = reader.requiredLong("parameterCount");
        String license = reader.requiredString("license");
        Integer contextWindow = reader.requiredInt("contextWindow");
        List<String> tasks = reader.requiredStringList("tasks");
        JsonObjectReader factsReader = reader.optionalObject("facts", ModelFactsJson.FIELDS);
        var facts = factsReader == null ? null : ModelFactsJson.read(factsReader);
        ModelCardSpec.Builder parts = ModelCardSpec.newBuilder();
        CardPartsJson.readInto(reader, parts);
        reader.requireValid();
        ModelCardSpec.Builder card = parts.setName(name).setProvider(provider).setVersion(version)
                .setParameterCount(parameterCount).setLicense(license).setContextWindow(contextWindow)
                .addAllTasks(tasks);
        if (facts != null) {
            card.setFacts(facts);
        }
        return card.build();
    }
}
