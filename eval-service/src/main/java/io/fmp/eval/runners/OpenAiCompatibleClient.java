package io.fmp.eval.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmp.eval.suites.SuiteDefinition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * A client for OpenAI-compatible chat and completions endpoints (vLLM, TGI, Ollama, KServe's
 * OpenAI route) that keeps an evaluation run going against a real, imperfect server: at most
 * {@code concurrency} requests in flight, a timeout per request, retries with exponential backoff
 * and full jitter on 429 (honouring Retry-After), 5xx, timeouts and dropped connections, request
 * and token rate limits, and a circuit breaker that fails fast after consecutive failures and tries
 * again after a cool-down. Token log-probabilities are read where the endpoint gives them; with
 * {@code stream} the answer is read as server-sent events, which measures the time to the first
 * token. The API key comes from a supplier and never appears in errors or logs.
 */
public final class OpenAiCompatibleClient {

    public enum Protocol {
        CHAT, COMPLETIONS
    }

    /**
     * @param requestsPerSecond 0 for no limit
     * @param tokensPerMinute   0 for no limit; a request reserves its prompt (estimated at 4 characters a
     *                          token) plus max_tokens, and the reservation is corrected by the usage reported
     * @param breakerThreshold  consecutive failed requests (after retries) that open the breaker
     * @param stream            ask for server-sent events (measures the time to the first token)
     */
    public record Settings(URI baseUrl, String model, Protocol protocol, int concurrency, Duration timeout,
                           int maxRetries, Duration backoffBase, Duration backoffMax, double requestsPerSecond,
                           long tokensPerMinute, int breakerThreshold, Duration breakerCooldown, boolean stream,
                           long seed) {

        public static Settings defaults(URI baseUrl, String model, Protocol protocol) {
            return new Settings(baseUrl, model, protocol, 8, Duration.ofSeconds(30), 4, Duration.ofMillis(200),
                    Duration.ofSeconds(10), 0, 0, 5, Duration.ofSeconds(30), false, 1);
        }
    }

    /**
     * @param attempts             requests sent for this completion (1 = no retry)
     * @param firstTokenMillis     time to the first content token when streamed; null otherwise
     * @param logprobSum           sum of the answer's token log-probabilities; null when the endpoint gave none
     * @param logprobTokens        tokens that sum covers; null when none
     */
    public record Completion(String text, long promptTokens, long completionTokens, double latencyMillis, int attempts,
                             Double firstTokenMillis, Double logprobSum, Long logprobTokens) {
    }

    /** The call failed for good: retries exhausted, a non-retryable status, or the breaker is open. */
    public static final class CallFailedException extends Exception {
        public final int attempts;

        CallFailedException(String message, int attempts) {
            super(message);
            this.attempts = attempts;
        }

        /** Nothing was sent: the circuit breaker is open. */
        public boolean breakerOpen() {
            return attempts == 0;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final Supplier<String> apiKey;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final Random jitter;
    private final Object rateLock = new Object();
    private long nextRequestNanos;
    private final TokenBudget tokens;
    private int consecutiveFailures;
    private long breakerOpenUntilNanos;

    /** @param apiKey null or blank for servers without authentication */
    public OpenAiCompatibleClient(Settings settings, Supplier<String> apiKey) {
        this.settings = settings;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.inFlight = new Semaphore(settings.concurrency(), true);
        this.jitter = new Random(settings.seed());
        this.tokens = new TokenBudget(settings.tokensPerMinute());
    }

    public Completion complete(String prompt, SuiteDefinition.Decoding decoding) throws CallFailedException,
            InterruptedException {
        synchronized (this) {
            if (System.nanoTime() < breakerOpenUntilNanos) {
                throw new CallFailedException("circuit open after " + consecutiveFailures
                        + " consecutive failures; retrying after the cool-down", 0);
            }
        }
        String body = requestBody(prompt, decoding);
        long reserved = prompt.length() / 4 + decoding.maxTokens();
        String lastError = "no attempt";
        for (int attempt = 1; attempt <= settings.maxRetries() + 1; attempt++) {
            Duration wait = null;
            inFlight.acquire();
            try {
                pace();
                tokens.take(reserved);
                long started = System.nanoTime();
                HttpRequest.Builder request = HttpRequest.newBuilder(endpoint()).timeout(settings.timeout())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                String key = apiKey == null ? null : apiKey.get();
                if (key != null && !key.isBlank()) {
                    request.header("Authorization", "Bearer " + key);
                }
                Completion completion;
                int status;
                if (settings.stream()) {
                    HttpResponse<java.util.stream.Stream<String>> response = http.send(request.build(),
                            HttpResponse.BodyHandlers.ofLines());
                    status = response.statusCode();
                    completion = status == 200 ? readEvents(response.body(), started, attempt) : null;
                    response.body().close();
                    wait = retryAfter(response);
                } else {
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                    completion = status == 200 ? parse(response.body(), (System.nanoTime() - started) / 1e6, attempt)
                            : null;
                    wait = retryAfter(response);
                }
                if (completion != null) {
                    tokens.giveBack(reserved - completion.promptTokens() - completion.completionTokens());
                    succeeded();
                    return completion;
                }
                lastError = "HTTP " + status;
                if (status != 429 && status < 500) {
                    failed();
                    throw new CallFailedException(lastError + " (not retried)", attempt);
                }
            } catch (HttpTimeoutException e) {
                lastError = "timed out after " + settings.timeout().toMillis() + " ms";
            } catch (IOException | java.io.UncheckedIOException e) {
                lastError = "connection failed: " + e.getClass().getSimpleName();
            } finally {
                inFlight.release();
            }
            if (attempt <= settings.maxRetries()) {
                Thread.sleep((wait != null ? wait : backoff(attempt)).toMillis());
            }
        }
        failed();
        throw new CallFailedException(lastError + " after " + (settings.maxRetries() + 1) + " attempts",
                settings.maxRetries() + 1);
    }

    private URI endpoint() {
        String base = settings.baseUrl().toString().replaceAll("/+$", "");
        return URI.create(base + (settings.protocol() == Protocol.CHAT ? "/chat/completions" : "/completions"));
    }

    private String requestBody(String prompt, SuiteDefinition.Decoding decoding) {
        ObjectNode body = JSON.createObjectNode().put("model", settings.model())
                .put("temperature", decoding.temperature()).put("max_tokens", decoding.maxTokens());
        if (decoding.topP() > 0) {
            body.put("top_p", decoding.topP());
        }
        if (!decoding.stop().isEmpty()) {
            decoding.stop().forEach(body.putArray("stop")::add);
        }
        boolean chat = settings.protocol() == Protocol.CHAT;
        if (decoding.logprobs()) {
            // chat: a flag; completions: how many alternatives per token (the chosen one is always given)
            if (chat) {
                body.put("logprobs", true);
            } else {
                body.put("logprobs", 1);
            }
        }
        if (settings.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        if (chat) {
            body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        } else {
            body.put("prompt", prompt);
        }
        return body.toString();
    }

    private static Completion parse(String body, double latency, int attempts) throws CallFailedException {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode choice = root.path("choices").path(0);
            String text = choice.has("message") ? choice.path("message").path("content").asText()
                    : choice.path("text").asText();
            LogprobSum logprobs = new LogprobSum();
            logprobs.add(choice.path("logprobs"));
            JsonNode usage = root.path("usage");
            return new Completion(text, usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
                    latency, attempts, null, logprobs.sum(), logprobs.tokens());
        } catch (IOException e) {
            throw new CallFailedException("the answer is not JSON", attempts);
        }
    }

    /** Server-sent events: {@code data: {...}} lines with deltas, a usage chunk, then {@code data: [DONE]}. */
    private static Completion readEvents(java.util.stream.Stream<String> lines, long started, int attempts)
            throws CallFailedException {
        StringBuilder text = new StringBuilder();
        Double firstToken = null;
        long promptTokens = 0;
        long completionTokens = 0;
        LogprobSum logprobs = new LogprobSum();
        for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
            String line = it.next();
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                break;
            }
            JsonNode chunk;
            try {
                chunk = JSON.readTree(data);
            } catch (IOException e) {
                throw new CallFailedException("an event of the stream is not JSON", attempts);
            }
            JsonNode choice = chunk.path("choices").path(0);
            String piece = choice.has("delta") ? choice.path("delta").path("content").asText("")
                    : choice.path("text").asText("");
            if (!piece.isEmpty() && firstToken == null) {
                firstToken = (System.nanoTime() - started) / 1e6;
            }
            text.append(piece);
            logprobs.add(choice.path("logprobs"));
            if (chunk.path("usage").isObject()) {
                promptTokens = chunk.path("usage").path("prompt_tokens").asLong();
                completionTokens = chunk.path("usage").path("completion_tokens").asLong();
            }
        }
        return new Completion(text.toString(), promptTokens, completionTokens, (System.nanoTime() - started) / 1e6,
                attempts, firstToken, logprobs.sum(), logprobs.tokens());
    }

    /**
     * Adds up token log-probabilities in either shape: chat ({@code logprobs.content[].logprob}) or
     * completions ({@code logprobs.token_logprobs[]}).
     */
    private static final class LogprobSum {
        private double sum;
        private long tokens;

        void add(JsonNode logprobs) {
            for (JsonNode token : logprobs.path("content")) {
                if (token.path("logprob").isNumber()) {
                    sum += token.path("logprob").asDouble();
                    tokens++;
                }
            }
            for (JsonNode value : logprobs.path("token_logprobs")) {
                if (value.isNumber()) {
                    sum += value.asDouble();
                    tokens++;
                }
            }
        }

        Double sum() {
            return tokens == 0 ? null : sum;
        }

        Long tokens() {
            return tokens == 0 ? null : tokens;
        }
    }

    /** Full jitter: a random wait up to min(max, base * 2^(attempt - 1)). */
    private Duration backoff(int attempt) {
        long cap = Math.min(settings.backoffMax().toMillis(), settings.backoffBase().toMillis() << Math.min(attempt - 1, 20));
        synchronized (jitter) {
            return Duration.ofMillis((long) (jitter.nextDouble() * cap));
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(OpenAiCompatibleClient::retryAfter).orElse(null);
    }

    private static Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void pace() throws InterruptedException {
        if (settings.requestsPerSecond() <= 0) {
            return;
        }
        long interval = (long) (1e9 / settings.requestsPerSecond());
        long sleep;
        synchronized (rateLock) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextRequestNanos);
            nextRequestNanos = slot + interval;
            sleep = slot - now;
        }
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
    }

    private synchronized void succeeded() {
        consecutiveFailures = 0;
    }

    private synchronized void failed() {
        consecutiveFailures++;
        if (consecutiveFailures >= settings.breakerThreshold()) {
            breakerOpenUntilNanos = System.nanoTime() + settings.breakerCooldown().toNanos();
        }
    }
}
