package io.fmp.gateway.models;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCardRequestTest {

    private static List<FieldViolation> violations(String body) {
        return assertThrows(InvalidInputException.class, () -> ModelCardRequest.parse(body)).violations();
    }

    @Test
    void aCompleteCardParses() {
        var card = ModelCardRequest.parse("""
                {"name": "Mixtral 8x7B", "provider": "Mistral AI", "version": "0.1", "parameterCount": 46700000000,
                 "license": "apache-2.0", "contextWindow": 32768, "tasks": ["text-generation"],
                 "facts": {"activeParameterCount": 12900000000, "modalities": ["text"],
                           "hardware": {"gpu": "H100-80GB", "gpuCount": 2}},
                 "endpoints": [{"protocol": "openai-chat", "url": "https://mixtral.internal/v1",
                                "secretRef": "env:MIXTRAL_KEY"}],
                 "properties": {"owner": "platform"},
                 "lineage": {"artifactKind": "full-weights", "artifactUri": "hf:mistralai/Mixtral-8x7B-Instruct-v0.1"},
                 "reportedResults": [{"taskType": "text-generation", "datasetType": "mmlu", "datasetName": "MMLU",
                                      "metricType": "accuracy", "value": 0.706}],
                 "documentation": "# Mixtral"}""");
        assertEquals(46_700_000_000L, card.getParameterCount());
        assertEquals(List.of("text-generation"), card.getTasksList());
        assertEquals("Mixtral 8x7B", card.getName());
        assertEquals(12_900_000_000L, card.getFacts().getActiveParameterCount());
        assertEquals(2, card.getFacts().getHardware().getGpuCount());
        assertEquals("OPENAI_CHAT", card.getEndpoints(0).getProtocol().name());
        assertEquals("env:MIXTRAL_KEY", card.getEndpoints(0).getSecretRef());
        assertEquals("platform", card.getPropertiesOrThrow("owner"));
        assertEquals("FULL_WEIGHTS", card.getLineage().getArtifactKind().name());
        assertEquals(0.706, card.getReportedResults(0).getValue());
        assertEquals("# Mixtral", card.getDocumentation());
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        FieldViolation only = violations("{\n  \"name\": \"x\",\n  \"provider\" \"y\"\n}").get(0);
        assertEquals("body", only.field());
        assertTrue(only.message().contains("line 3, column 14"), only.message());
    }

    @Test
    void unknownMissingAndMistypedFieldsAreAllReported() {
        List<FieldViolation> violations = violations("""
                {"name": 42, "provider": "Meta", "version": "3.1", "parameterCount": 8.5,
                 "license": null, "contextWindow": 99999999999, "tasks": ["text-generation", 7], "colour": "blue"}""");
        assertEquals(List.of("colour", "name", "parameterCount", "license", "contextWindow", "tasks[1]"),
                violations.stream().map(FieldViolation::field).toList());
        assertEquals("must be a string, was number 42", violations.get(1).message());
        assertEquals("is required", violations.get(3).message());
    }

    @Test
    void optionalFactsAreReadAndTheirErrorsNamedByPath() {
        var card = ModelCardRequest.parse("""
                {"name": "GPT-4o", "provider": "OpenAI", "version": "2024-08-06", "parameterCount": 1,
                 "license": "proprietary", "contextWindow": 128000, "tasks": ["text-generation"],
                 "facts": {"deploymentOptions": ["cloud"], "trainingData": "none", "ipIndemnity": true,
                           "apiPrice": {"usdPerMillionInput": 2.5, "usdPerMillionOutput": 10},
                           "dataRegions": ["US", "EU"], "sourceUrl": "https://openai.com/api/pricing/",
                           "generalPurpose": {"systemicRisk": true, "trainingComputeFlops": 3.8e25,
                                              "copyrightPolicy": "https://openai.example/copyright"}}}""");
        var facts = card.getFacts();
        assertEquals(10.0, facts.getApiPrice().getUsdPerMillionOutput());
        assertTrue(facts.getGeneralPurpose().getSystemicRisk());
        assertEquals(3.8e25, facts.getGeneralPurpose().getTrainingComputeFlops());
        assertEquals("https://openai.example/copyright", facts.getGeneralPurpose().getCopyrightPolicy());
        assertEquals("", facts.getGeneralPurpose().getTechnicalDocumentation(), "not published");
        assertEquals(true, facts.getIpIndemnity());
        assertEquals("CLOUD", facts.getDeploymentOptions(0).name());

        List<FieldViolation> violations = violations("""
                {"name": "x", "provider": "y", "version": "1", "parameterCount": 1, "license": "mit",
                 "contextWindow": 1, "tasks": ["fill-mask"],
                 "facts": {"deploymentOptions": ["moon"], "architecture": "rnn", "ipIndemnity": "yes",
                           "shape": {"layers": 2}, "colour": "red", "generalPurpose": {"systemicRisk": "maybe"}}}""");
        assertEquals(List.of("facts.colour", "facts.architecture", "facts.deploymentOptions[0]",
                "facts.ipIndemnity", "facts.shape.kvHeads", "facts.shape.headDim", "facts.generalPurpose.systemicRisk"),
                violations.stream().map(FieldViolation::field).toList());
    }

    @Test
    void cardPartsAreCheckedByPosition() {
        List<FieldViolation> violations = violations("""
                {"name": "x", "provider": "y", "version": "1", "parameterCount": 1, "license": "mit",
                 "contextWindow": 1, "tasks": ["fill-mask"],
                 "endpoints": [{"protocol": "grpc", "url": "https://x"}, "not an object"],
                 "properties": {"owner": 7}, "lineage": {"artifactKind": "lora", "colour": "red"},
                 "reportedResults": [{"metricType": "accuracy"}]}""");
        assertEquals(List.of("endpoints[1]", "endpoints[0].protocol", "properties.owner", "reportedResults[0].value",
                        "lineage.colour", "lineage.artifactKind"),
                violations.stream().map(FieldViolation::field).toList());
    }

    @Test
    void aPatchTurnsThePresentFieldsIntoAnUpdateMask() {
        var update = ModelPatchRequest.parse("m-1", """
                {"facts": {"tags": ["banking"], "description": "routes queries"},
                 "endpoints": [{"protocol": "embedded-encoder", "url": "embedded:all-minilm-l6-v2"}],
                 "lifecycleState": "deprecated", "reason": "superseded", "parameterCount": 5}""", 3L);
        assertEquals(List.of("facts.tags", "facts.description", "endpoints", "lifecycleState", "parameterCount"),
                update.getUpdateMask().getPathsList());
        assertEquals(List.of("banking"), update.getCard().getFacts().getTagsList());
        assertEquals("DEPRECATED", update.getLifecycleState().name());
        assertEquals(3L, update.getExpectedRevision());
        assertEquals("superseded", update.getReason());
        assertEquals("body", assertThrows(InvalidInputException.class,
                () -> ModelPatchRequest.parse("m-1", "{\"reason\": \"x\"}", null)).violations().get(0).field());
    }

    @Test
    void aBodyThatIsNotAnObjectIsRejected() {
        assertEquals("must be a JSON object, was array", violations("[1, 2]").get(0).message());
        assertEquals("body", violations("  ").get(0).field());
    }
}
