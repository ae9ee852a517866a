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
}
