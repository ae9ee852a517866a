package io.fmp.catalog.model;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogYamlTest {

    @Test
    void theShippedSeedIsValidAndEveryModelNamesItsSource() {
        List<ModelCardSpec> seed = CatalogYaml.parse(CatalogSeeder.seedFile());

        assertTrue(seed.size() >= 22, "at least 20 foundation models plus the two local encoders");
        assertTrue(seed.stream().allMatch(card -> card.facts().sourceUrl().startsWith("https://")));
        assertEquals(3, seed.stream().filter(card -> card.facts().apiPrice() != null).count(), "three priced APIs");
        ModelCardSpec minilm = seed.stream().filter(card -> card.name().equals("all-MiniLM-L6-v2")).findFirst().orElseThrow();
        assertEquals(22_700_000L, minilm.parameterCount());
        assertTrue(minilm.tasks().contains("text-classification"));
        // licences outside the registry stay flagged instead of being guessed
        assertEquals(List.of("bigscience-bloom-rail-1.0", "qwen"), seed.stream().map(ModelCardSpec::license)
                .filter(id -> LicenseRegistry.find(id).isEmpty()).sorted().toList());
    }

    @Test
    void writingAndReadingBackLosesNothing() {
        List<ModelCardSpec> seed = new java.util.ArrayList<>(CatalogYaml.parse(CatalogSeeder.seedFile()));
        // versions that look like numbers must come back as written
        seed.add(new ModelCardSpec("Numeric-looking version", "p", "3.10", 1000, "mit", 512, List.of("fill-mask")));
        String written = CatalogYaml.write(seed);
        assertEquals(seed, CatalogYaml.parse(written));
        assertTrue(written.contains("version: \"3.10\""), "quoted");
        assertTrue(written.startsWith("apiVersion: fmp.io/v1"), written.substring(0, 40));
    }

    @Test
    void everyBadEntryIsReportedByItsPositionAndNothingIsReturned() {
        String yaml = """
                apiVersion: fmp.io/v1
                kind: ModelCatalog
                models:
                  - name: Good
                    provider: p
                    version: "1"
                    parameterCount: 1000
                    license: mit
                    contextWindow: 512
                    tasks: [fill-mask]
                  - name: Bad licence and size
                    provider: p
                    version: "1"
                    parameterCount: 0
                    license: "not a licence"
                    contextWindow: 512
                    tasks: [fill-mask]
                  - name: Typo
                    provider: p
                    version: "1"
                    parameterCount: 5
                    licence: mit
                    contextWindow: 512
                    tasks: [fill-mask]
                  - name: Good
                    provider: p
                    version: "1"
                    parameterCount: 1000
                    license: mit
                    contextWindow: 512
                    tasks: [fill-mask]
                    facts: {deploymentOptions: [moon]}
                """;
        List<String> fields = assertThrows(InvalidInputException.class, () -> CatalogYaml.parse(yaml)).violations()
                .stream().map(FieldViolation::field).toList();
        assertEquals(List.of("models[1].parameterCount", "models[1].license", "models[2].licence",
                "models[3].facts.deploymentOptions[0]", "models[3]"), fields);
    }

    @Test
    void brokenYamlAndWrongHeadersAreNamed() {
        FieldViolation syntax = assertThrows(InvalidInputException.class,
                () -> CatalogYaml.parse("apiVersion: fmp.io/v1\nmodels: [\n  - {name: x")).violations().get(0);
        assertEquals("file", syntax.field());
        assertTrue(syntax.message().contains("line"), syntax.message());
        assertEquals(List.of("apiVersion", "kind"), assertThrows(InvalidInputException.class,
                () -> CatalogYaml.parse("apiVersion: v0\nkind: Other\nmodels: []")).violations().stream()
                .map(FieldViolation::field).toList());
    }
}
