package io.fmp.eval.runners;

import io.fmp.eval.suites.SuiteDefinition;

import java.util.List;

/**
 * An OpenAI-compatible endpoint, one prompt per call, as many calls in flight as the client allows.
 * While the client's circuit breaker is open the adapter waits for the cool-down instead of failing
 * examples; an endpoint that stays down through {@link #MAX_BREAKER_WAITS} cool-downs fails the run
 * (its results so far stay, and a new run resumes from the cache).
 */
public final class OpenAiAdapter implements ModelAdapter {

    static final int MAX_BREAKER_WAITS = 3;

    private final OpenAiCompatibleClient client;
    private final java.time.Duration breakerCooldown;
    private final SuiteDefinition.Decoding decoding;
    private final int parallelism;
    private final String cacheScope;

    public OpenAiAdapter(OpenAiCompatibleClient client, OpenAiCompatibleClient.Protocol protocol,
                         SuiteDefinition.Decoding decoding, int parallelism, java.time.Duration breakerCooldown) {
        this.client = client;
        this.breakerCooldown = breakerCooldown;
        this.decoding = decoding;
        this.parallelism = parallelism;
        this.cacheScope = protocol.name().toLowerCase(java.util.Locale.ROOT) + "|t=" + decoding.temperature() + "|max="
                + decoding.maxTokens() + "|p=" + decoding.topP() + "|stop=" + decoding.stop() + "|lp="
                + decoding.logprobs();
    }

    @Override
    public int batchSize() {
        return 1;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public boolean usesPromptTemplate() {
        return true;
    }

    @Override
    public String cacheScope() {
        return cacheScope;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public List<Answer> answer(List<String> prompts) throws InterruptedException {
        java.util.ArrayList<Answer> answers = new java.util.ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            answers.add(answer(prompt));
        }
        return answers;
    }

    private Answer answer(String prompt) throws InterruptedException {
        for (int waits = 0; ; waits++) {
            try {
                OpenAiCompatibleClient.Completion c = client.complete(prompt, decoding);
                return new Answer(c.text(), c.latencyMillis(), c.promptTokens(), c.completionTokens(),
                        c.firstTokenMillis(), c.logprobSum(), c.logprobTokens(), null);
            } catch (OpenAiCompatibleClient.CallFailedException e) {
                if (!e.breakerOpen()) {
                    return Answer.failed(e.getMessage());
                }
                if (waits == MAX_BREAKER_WAITS) {
                    throw new IllegalStateException("the endpoint keeps failing: " + e.getMessage());
                }
                Thread.sleep(breakerCooldown.toMillis());
            }
        }
    }
}
