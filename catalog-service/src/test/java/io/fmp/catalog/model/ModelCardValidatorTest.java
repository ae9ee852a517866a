package io.fmp.catalog.model;

import io.fmp.contracts.errors.FieldViolation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCardValidatorTest {

    static final ModelCardSpec LLAMA = new ModelCardSpec("Llama 3.1 8B Instruct", "Meta", "3.1", 8_030_000_000L,
            "llama3.1", 131_072, List.of("text-generation"));

    @Test
    void aRealModelCardIsValid() {
        assertTrue(ModelCardValidator.violations(LLAMA).isEmpty());
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        ModelCardSpec bad = new ModelCardSpec(" ", null, "v 1", 0, "MIT license!", 0,
                List.of("text-generation", "Text Generation", "text-generation"));

        List<String> fields = ModelCardValidator.violations(bad).stream().map(FieldViolation::field).toList();

        assertEquals(List.of("name", "provider", "version", "parameterCount", "license", "contextWindow",
                "tasks[1]", "tasks[2]"), fields);
    }

    @Test
    void rangesAreInclusiveAtTheLimits() {
        ModelCardSpec atLimits = new ModelCardSpec("x", "y", "1", ModelCardValidator.MAX_PARAMETER_COUNT, "mit",
                ModelCardValidator.MAX_CONTEXT_WINDOW, List.of("fill-mask"));
        assertTrue(ModelCardValidator.violations(atLimits).isEmpty());
        ModelCardSpec beyond = new ModelCardSpec("x", "y", "1", ModelCardValidator.MAX_PARAMETER_COUNT + 1, "mit",
                ModelCardValidator.MAX_CONTEXT_WINDOW + 1, List.of());
        assertEquals(List.of("parameterCount", "contextWindow", "tasks"),
                ModelCardValidator.violations(beyond).stream().map(FieldViolation::field).toList());
    }

    @Test
    void endpointsTakeSecretReferencesNeverSecretsAndTheErrorDoesNotRepeatThem() {
        String pastedKey = "sk-live-1234567890abcdef";
        ModelCardSpec card = withEndpoints(List.of(
                new ServingEndpoint(ServingEndpoint.Protocol.OPENAI_CHAT, "https://api.example.com/v1", "env:OPENAI_API_KEY"),
                new ServingEndpoint(ServingEndpoint.Protocol.OPENAI_CHAT, "https://api.example.com/v1", pastedKey),
                new ServingEndpoint(ServingEndpoint.Protocol.OPENAI_COMPLETIONS, "https://user:pw@api.example.com/v1", null),
                new ServingEndpoint(ServingEndpoint.Protocol.EMBEDDED_ENCODER, "https://x.example.com", "k8s:s/key"),
                new ServingEndpoint(null, "https://api.example.com", null)));

        List<FieldViolation> violations = ModelCardValidator.violations(card);

        assertEquals(List.of("endpoints[1].secretRef", "endpoints[2].url", "endpoints[3].url", "endpoints[3].secretRef",
                "endpoints[4].protocol"), violations.stream().map(FieldViolation::field).toList());
        assertTrue(violations.stream().noneMatch(v -> v.message().contains(pastedKey)));
    }

    @Test
    void lineagePartsAreCheckedOneByOne() {
        ModelCardSpec card = new ModelCardSpec("x", "y", "1", 1000, "mit", 512, List.of("fill-mask"), ModelFacts.none(),
                List.of(), java.util.Map.of("bad key!", "v"), new Lineage("Llama", Lineage.ArtifactKind.ADAPTER, null,
                "job 7", "ABC"), List.of(), null);

        assertEquals(List.of("properties.bad key!", "lineage.baseModelId", "lineage.tuningJobId",
                        "lineage.datasetSha256", "lineage.artifactUri"),
                ModelCardValidator.violations(card).stream().map(FieldViolation::field).toList());
    }

    @Test
    void theContentDigestCoversContentButNotMutableMetadata() {
        ModelCardSpec base = withEndpoints(List.of());
        ModelCardSpec relabelled = MutableField.apply(base, withEndpoints(List.of(new ServingEndpoint(
                ServingEndpoint.Protocol.OPENAI_CHAT, "https://llm.internal/v1", null))), java.util.EnumSet.of(
                MutableField.ENDPOINTS));
        ModelCardSpec resized = new ModelCardSpec(base.name(), base.provider(), base.version(), base.parameterCount() + 1,
                base.license(), base.contextWindow(), base.tasks());

        assertEquals(1, relabelled.endpoints().size());
        assertEquals(ContentDigest.of(base), ContentDigest.of(relabelled));
        assertEquals(64, ContentDigest.of(base).length());
        assertTrue(!ContentDigest.of(base).equals(ContentDigest.of(resized)));
    }

    private static ModelCardSpec withEndpoints(List<ServingEndpoint> endpoints) {
        return new ModelCardSpec("x", "y", "1", 1000, "mit", 512, List.of("fill-mask"), ModelFacts.none(), endpoints,
                java.util.Map.of(), null, List.of(), null);
    }
}
