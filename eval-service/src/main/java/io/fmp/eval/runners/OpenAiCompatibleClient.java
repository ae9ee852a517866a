package io.fmp.eval.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * and full jitter on 429 (honouring Retry-After), 5xx, timeouts and dropped connections, a request
 * rate limit, and a circuit breaker that fails fast after consecutive failures and tries again
 * after a cool-down. The API key comes from a supplier and never appears in errors or logs.
 */
public final class OpenAiCompatibleClient {

    public enum Protocol {
        CHAT, COMPLETIONS
    }

    /**
     * @param requestsPerSecond 0 for no limit
     * @param breakerThreshold  consecutive failed requests (after retries) that open the breaker
     */
    public record Settings(URI baseUrl, String model, Protocol protocol, int concurrency, Duration timeout,
                           int maxRetries, Duration backoffBase, Duration backoffMax, double requestsPerSecond,
                           int breakerThreshold, Duration breakerCooldown, long seed) {

        public static Settings defaults(URI baseUrl, String model, Protocol protocol) {
            return new Settings(baseUrl, model, protocol, 8, Duration.ofSeconds(30), 4, Duration.ofMillis(200),
                    Duration.ofSeconds(10), 0, 5, Duration.ofSeconds(30), 1);
        }
    }

    /** @param attempts requests sent for this completion (1 = no retry) */
    public record Completion(String text, long promptTokens, long completionTokens, double latencyMillis, int attempts) {
    }

    /** The call failed for good: retries exhausted, a non-retryable status, or the breaker is open. */
    public static final class CallFailedException extends Exception {
        public final int attempts;

        CallFailedException(String message, int attempts) {
            super(message);
            this.attempts = attempts;
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
    private int consecutiveFailures;
    private long breakerOpenUntilNanos;

    /** @param apiKey null or blank for servers without authentication */
    public OpenAiCompatibleClient(Settings settings, Supplier<String> apiKey) {
        this.settings = settings;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.inFlight = new Semaphore(settings.concurrency(), true);
        this.jitter = new Random(settings.seed());
    }

    public Completion complete(String prompt, double temperature, int maxTokens) throws CallFailedException,
            InterruptedException {
        synchronized (this) {
            if (System.nanoTime() < breakerOpenUntilNanos) {
                throw new CallFailedException("circuit open after " + consecutiveFailures
                        + " consecutive failures; retrying after the cool-down", 0);
            }
        }
        String body = requestBody(prompt, temperature, maxTokens);
        String lastError = "no attempt";
        for (int attempt = 1; attempt <= settings.maxRetries() + 1; attempt++) {
            Duration wait = null;
            inFlight.acquire();
            try {
                pace();
                long started = System.nanoTime();
                HttpRequest.Builder request = HttpRequest.newBuilder(endpoint()).timeout(settings.timeout())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
                String key = apiKey == null ? null : apiKey.get();
                if (key != null && !key.isBlank()) {
                    request.header("Authorization", "Bearer " + key);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                double latency = (System.nanoTime() - started) / 1e6;
                int status = response.statusCode();
                if (status == 200) {
                    succeeded();
                    return parse(response.body(), latency, attempt);
                }
                lastError = "HTTP " + status;
                if (status != 429 && status < 500) {
                    failed();
                    throw new CallFailedException(lastError + " (not retried)", attempt);
                }
                wait = response.headers().firstValue("Retry-After").map(OpenAiCompatibleClient::retryAfter).orElse(null);
            } catch (HttpTimeoutException e) {
                lastError = "timed out after " + settings.timeout().toMillis() + " ms";
            } catch (IOException e) {
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

    private String requestBody(String prompt, double temperature, int maxTokens) {
        ObjectNode body = JSON.createObjectNode().put("model", settings.model()).put("temperature", temperature)
                .put("max_tokens", maxTokens);
        if (settings.protocol() == Protocol.CHAT) {
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
            JsonNode usage = root.path("usage");
            return new Completion(text, usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
                    latency, attempts);
        } catch (IOException e) {
            throw new CallFailedException("the answer is not JSON", attempts);
        }
    }

    /** Full jitter: a random wait up to min(max, base * 2^(attempt - 1)). */
    private Duration backoff(int attempt) {
        long cap = Math.min(settings.backoffMax().toMillis(), settings.backoffBase().toMillis() << Math.min(attempt - 1, 20));
        synchronized (jitter) {
            return Duration.ofMillis((long) (jitter.nextDouble() * cap));
        }
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
