package io.fmp.catalog.huggingface;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fmp.catalog.model.CatalogYaml;
import io.fmp.catalog.model.Lineage;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.model.ModelFacts;
import io.fmp.catalog.model.ReportedResult;
import io.fmp.catalog.model.ServingEndpoint;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HuggingFaceCardTest {

    static final String REPO = "elastic/distilbert-base-uncased-finetuned-conll03-english";
    static final HuggingFaceCard.ImportFacts FACTS = new HuggingFaceCard.ImportFacts(REPO, "4.3.1", 66_369_801L, 512);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static String realCard() {
        try (InputStream in = HuggingFaceCardTest.class.getResourceAsStream(
                "/huggingface/elastic-distilbert-base-uncased-finetuned-conll03-english.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRealCardBecomesACatalogCardWithItsModelIndexResults() {
        ModelCardSpec card = HuggingFaceCard.parse(realCard(), FACTS);

        assertEquals("distilbert-base-uncased-finetuned-conll03-english", card.name());
        assertEquals("elastic", card.provider());
        assertEquals("apache-2.0", card.license());
        assertEquals(List.of("en"), card.facts().languages());
        // no pipeline_tag in this card: the task comes from its model-index, as on the Hub
        assertEquals(List.of("token-classification"), card.tasks());
        assertEquals(List.of("accuracy", "precision", "recall", "f1", "loss"),
                card.reportedResults().stream().map(ReportedResult::metricType).toList());
        ReportedResult accuracy = card.reportedResults().get(0);
        assertEquals(0.9854480753649896, accuracy.value());
        assertEquals("conll2003", accuracy.datasetName());
        assertEquals("validation", accuracy.datasetSplit());
        assertTrue(accuracy.verified());
        assertTrue(accuracy.extras().get("metric.verifyToken").startsWith("\"eyJhbGciOiJFZERTQSIs"));
        assertEquals("\"" + REPO + "\"", accuracy.extras().get("model-index.name"));
        assertEquals("[\"conll2003\"]", card.properties().get("hf:datasets"));
        assertTrue(card.documentation().startsWith("\n[DistilBERT base uncased](https://huggingface.co/distilbert-base-uncased)"));
    }

    @Test
    void exportGivesBackTheSameFrontMatterAndBodyAndReimportsToAnEqualCard() throws IOException {
        String original = realCard();
        ModelCardSpec imported = HuggingFaceCard.parse(original, FACTS);

        String exported = HuggingFaceCard.write(imported);
        ModelCardSpec reimported = HuggingFaceCard.parse(exported, new HuggingFaceCard.ImportFacts(null, null, 0, 0));

        assertEquals(imported, reimported);
        ObjectNode before = frontMatter(original);
        ObjectNode after = frontMatter(exported);
        // what export adds: the catalog's own facts, and the task the Hub would infer
        assertEquals("token-classification", after.remove("pipeline_tag").asText());
        assertEquals("elastic", after.remove("fmp").get("provider").asText());
        // language is a list either way; the card wrote a single one as a scalar
        before.set("language", YAML.createArrayNode().add(before.get("language").asText()));
        assertEquals(before, after);
        assertEquals(body(original), body(exported));
    }

    @Test
    void everyCatalogFieldSurvivesAHuggingFaceRoundTrip() {
        ModelCardSpec full = new ModelCardSpec("Banking77 router", "my-team", "2.0", 22_713_216L, "apache-2.0", 256,
                List.of("text-classification", "sentence-similarity"),
                new ModelFacts("MiniLM", "Intent head on all-MiniLM-L6-v2", List.of("en", "de"),
                        ModelFacts.Architecture.ENCODER, java.util.Set.of(io.fmp.catalog.selection.DeploymentMode.ON_PREM),
                        io.fmp.catalog.selection.TrainingDataTransparency.FULL, false, null,
                        new io.fmp.catalog.sizing.ModelShape(22_713_216L, 6, 12, 32), java.util.Set.of(),
                        List.of("banking", "intent"), "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
                        List.of("text"), null, null, new ModelFacts.Hardware("L4-24GB", 1)),
                List.of(new ServingEndpoint(ServingEndpoint.Protocol.EMBEDDED_ENCODER, "embedded:all-minilm-l6-v2", null),
                        new ServingEndpoint(ServingEndpoint.Protocol.OPENAI_CHAT, "https://llm.internal/v1",
                                "k8s:llm-gateway/api-key")),
                Map.of("owner", "payments-ml", "hf:library_name", "\"sentence-transformers\""),
                new Lineage("0b6cf0d4-7d5c-4d8e-9a0e-2f1f3b5c6d7e", Lineage.ArtifactKind.HEAD, "s3://models/banking77/head.onnx",
                        "tune-42", "a".repeat(64)),
                List.of(new ReportedResult("text-classification", null, "banking77", "Banking77", null, "test",
                        "accuracy", null, 0.93, false, Map.of())),
                "# Banking77 router\n\nRoutes customer queries.\n");

        ModelCardSpec back = HuggingFaceCard.parse(HuggingFaceCard.write(full), new HuggingFaceCard.ImportFacts(null, null, 0, 0));

        assertEquals(full, back);
        assertEquals(CatalogYaml.write(List.of(full)), CatalogYaml.write(List.of(back)));
    }

    @Test
    void aReadmeWithoutFrontMatterOrWithBrokenYamlIsRefusedWithWhereAndWhy() {
        assertEquals("must start with YAML front matter: a line '---', the YAML, a line '---'",
                violations("# Just markdown\n", FACTS).get(0).message());
        assertEquals("front matter opened on line 1 is never closed with '---'",
                violations("---\nlicense: mit\n", FACTS).get(0).message());
        String broken = violations("---\nlicense: mit\ntags: [a, b\n---\nbody\n", FACTS).get(0).message();
        assertTrue(broken.startsWith("front matter is not valid YAML at line "), broken);
    }

    @Test
    void missingFactsAndBadResultsAreNamedByField() {
        String readme = """
                ---
                license: apache-2.0
                model-index:
                - name: x
                  results:
                  - task: {type: text-classification}
                    dataset: {name: d, type: d}
                    metrics:
                    - {type: accuracy, value: high}
                ---
                """;
        List<String> fields = violations(readme, new HuggingFaceCard.ImportFacts("owner-only", null, 0, 0)).stream()
                .map(FieldViolation::field).toList();
        assertEquals(List.of("repoId", "version", "parameterCount", "contextWindow",
                "readme.model-index[0].results[0].metrics[0].value"), fields);
    }

    @Test
    void invalidCardFieldsArePrefixedWithTheReadme() {
        String readme = "---\nlicense: not a licence!\npipeline_tag: text-classification\n---\n";
        List<FieldViolation> violations = violations(readme, FACTS);
        assertEquals("readme.license", violations.get(0).field());
    }

    private static List<FieldViolation> violations(String readme, HuggingFaceCard.ImportFacts facts) {
        return assertThrows(InvalidInputException.class, () -> HuggingFaceCard.parse(readme, facts)).violations();
    }

    private static ObjectNode frontMatter(String readme) throws IOException {
        String[] parts = readme.split("(?m)^---$", 3);
        return (ObjectNode) YAML.readTree(parts[1]);
    }

    private static String body(String readme) {
        return readme.split("(?m)^---$", 3)[2];
    }
}
