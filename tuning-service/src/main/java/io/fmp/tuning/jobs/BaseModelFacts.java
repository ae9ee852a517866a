package io.fmp.tuning.jobs;

import java.util.List;

/**
 * What validation and registration need to know of a base model, read from the catalog when a job
 * is submitted.
 *
 * @param architecture    decoder, encoder, encoder-decoder, mixture-of-experts; null when the card does not say
 * @param embeddedEncoder the encoder the platform runs in-process for it ({@code embedded:<name>}); null if none
 * @param sourceUrl       where the weights come from (a Hugging Face page names the repository)
 * @param layers          0 when the card gives no attention shape
 */
public record BaseModelFacts(String id, String name, String provider, String version, long parameterCount,
                             String license, int contextWindow, List<String> tasks, String architecture,
                             String embeddedEncoder, String sourceUrl, List<String> languages,
                             List<String> deploymentOptions, String lifecycleState, int layers, int kvHeads,
                             int headDim) {

    public BaseModelFacts {
        tasks = List.copyOf(tasks);
        languages = List.copyOf(languages);
        deploymentOptions = List.copyOf(deploymentOptions);
    }

    public boolean decoder() {
        return "decoder".equals(architecture) || "mixture-of-experts".equals(architecture)
                || architecture == null && tasks.contains("text-generation");
    }

    /** The Hugging Face repository id its source page names (e.g. meta-llama/Llama-3.1-8B-Instruct), or null. */
    public String huggingFaceRepository() {
        String prefix = "https://huggingface.co/";
        if (sourceUrl == null || !sourceUrl.startsWith(prefix)) {
            return null;
        }
        String[] parts = sourceUrl.substring(prefix.length()).split("/");
        return parts.length >= 2 ? parts[0] + "/" + parts[1] : null;
    }
}
