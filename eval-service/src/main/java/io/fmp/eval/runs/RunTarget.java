package io.fmp.eval.runs;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.events.ModelServing;
import io.fmp.eval.suites.TaskType;

/**
 * The endpoint a run calls, chosen when it is queued and kept with it, so a later change of the
 * catalog card does not change a run half way. Credentials only as a reference.
 *
 * @param adapter   {@code openai-chat}, {@code openai-completions}, {@code embedded-encoder} (zero-shot by
 *                  label similarity) or {@code embedded-encoder+head} (a trained head on the encoder)
 * @param model     the name requests give as "model" (the catalog name; serve the model under it)
 * @param headUri   where the head is stored, for {@code embedded-encoder+head}; null otherwise
 */
public record RunTarget(String adapter, String url, String secretRef, String model, String headUri,
                        Double usdPerMillionInput, Double usdPerMillionOutput) {

    public static final String OPENAI_CHAT = "openai-chat";
    public static final String OPENAI_COMPLETIONS = "openai-completions";
    public static final String ENCODER = "embedded-encoder";
    public static final String ENCODER_WITH_HEAD = "embedded-encoder+head";

    /** Whether the run calls a server over the network (an OpenAI protocol), not an encoder in this process. */
    public boolean isRemote() {
        return adapter.equals(OPENAI_CHAT) || adapter.equals(OPENAI_COMPLETIONS);
    }

    /**
     * The first of the card's endpoints that can do the suite's task: OpenAI protocols do every task,
     * embedded encoders classification only (with the head of a tuned version when it has one).
     */
    public static RunTarget choose(ModelServing serving, String modelName, TaskType task) {
        for (ModelServing.Endpoint endpoint : serving.endpoints()) {
            switch (endpoint.protocol()) {
                case OPENAI_CHAT, OPENAI_COMPLETIONS -> {
                    return new RunTarget(endpoint.protocol(), endpoint.url(), endpoint.secretRef(), modelName, null,
                            serving.usdPerMillionInput(), serving.usdPerMillionOutput());
                }
                case ENCODER -> {
                    if (task == TaskType.CLASSIFICATION) {
                        boolean head = "head".equals(serving.artifactKind()) && serving.artifactUri() != null;
                        return new RunTarget(head ? ENCODER_WITH_HEAD : ENCODER, endpoint.url(), null, modelName,
                                head ? serving.artifactUri() : null, null, null);
                    }
                }
                default -> {
                    // a protocol this service does not speak: look further
                }
            }
        }
        throw new InvalidInputException("modelId", serving.endpoints().isEmpty()
                ? "the model has no serving endpoint in the catalog; add one (openai-chat, openai-completions or "
                + "embedded-encoder) to evaluate it"
                : "none of the model's endpoints " + serving.endpoints().stream().map(ModelServing.Endpoint::protocol)
                .toList() + " can run a " + task.word() + " suite (embedded encoders classify only)");
    }
}
