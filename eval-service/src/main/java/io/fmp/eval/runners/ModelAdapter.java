package io.fmp.eval.runners;

import java.util.List;

/**
 * How a run asks one model: prompts in, one answer per prompt out. A failure belongs to its
 * prompt (recorded with the example), never to the batch.
 */
public interface ModelAdapter extends AutoCloseable {

    /** Prompts per {@link #answer} call. */
    int batchSize();

    /** {@link #answer} calls the run may have in flight at once. */
    int parallelism();

    /** False for encoders: they classify the bare input, the suite's prompt template does not apply. */
    boolean usesPromptTemplate();

    /**
     * Everything besides the model version and the prompt that decides the answer (decoding
     * parameters, the labels compared with, a head's digest): part of the response cache key.
     */
    String cacheScope();

    /** One answer per prompt, in order. */
    List<Answer> answer(List<String> prompts) throws InterruptedException;

    @Override
    default void close() {
    }

    /**
     * @param text         the answer (an encoder's predicted label)
     * @param firstTokenMs null when not streamed
     * @param logprobSum   null when the endpoint gave no log-probabilities
     * @param error        non-null when the call failed for good; the other fields are then empty
     */
    record Answer(String text, double latencyMs, long promptTokens, long completionTokens, Double firstTokenMs,
                  Double logprobSum, Long logprobTokens, String error) {

        public static Answer failed(String error) {
            return new Answer(null, 0, 0, 0, null, null, null, error);
        }

        public boolean isFailure() {
            return error != null;
        }
    }
}
