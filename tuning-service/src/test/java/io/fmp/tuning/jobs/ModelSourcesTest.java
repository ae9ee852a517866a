package io.fmp.tuning.jobs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSourcesTest {

    private final ModelSources sources = new ModelSources(List.of("meta-llama/", "microsoft/Phi-3-mini-4k-instruct"),
            List.of("microsoft/Phi-3-mini-4k-instruct"));

    @Test
    void anOrganisationCoversItsRepositoriesAndNoOtherOrganisationThatStartsLikeIt() {
        assertTrue(sources.allows("meta-llama/Llama-3.1-8B-Instruct"));
        assertTrue(sources.allows("Meta-Llama/llama-3.1-8b-instruct"), "Hugging Face ids are case-insensitive");
        assertFalse(sources.allows("meta-llama-fan/Llama-3.1-8B-Instruct"));
        assertTrue(sources.allows("microsoft/Phi-3-mini-4k-instruct"));
        assertFalse(sources.allows("microsoft/Phi-3-mini-128k-instruct"), "one repository, not its organisation");
        for (String bad : List.of("meta-llama/../evil/x", "meta-llama/x/y", "meta-llama/", "/etc/passwd",
                "meta-llama/--trust_remote_code", "")) {
            assertFalse(sources.allows(bad), bad);
        }
    }

    @Test
    void remoteCodeRunsOnlyWhereTheOperatorTrustsItAndOnlyFromAllowedSources() {
        assertTrue(sources.trustsRemoteCode("microsoft/Phi-3-mini-4k-instruct"));
        assertFalse(sources.trustsRemoteCode("meta-llama/Llama-3.1-8B-Instruct"));
        assertThrows(IllegalArgumentException.class, () -> new ModelSources(List.of("meta-llama/"),
                List.of("evil/")), "trusting code from a source that is not allowed is a configuration error");
        assertThrows(IllegalArgumentException.class, () -> new ModelSources(List.of("https://huggingface.co/x"),
                List.of()));
    }
}
