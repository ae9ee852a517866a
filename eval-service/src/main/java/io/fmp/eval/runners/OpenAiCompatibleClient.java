package io.fmp.eval.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.contracts.egress.EgressPolicy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client for OpenAI-compatible chat and completions endpoints (vLLM, TGI, Ollama, KServe's
 * OpenAI route) that keeps an evaluation run going against a real, imperfect server: at most
 * {@code concurrency} requests in flight, a timeout per request, retries with exponential backoff
 * and full jitter on 429 (honouring Retry-After), 5xx, timeouts and dropped connections, request
 * and token rate limits, and a circuit breaker that fails fast after consecutive failures and tries
 * again after a cool-down. Token log-probabilities are read where the endpoint gives them; with
 * {@code stream} the answer is read as server-sent events, which measures the time to the first
 * token. The API key comes from a supplier and never appears in errors or logs. Every request asks
 * the egress policy first and connects to the address it checked (no redirect is followed), and
 * answers are read up to a byte limit. Requests go through
 * a Vert.x (Netty) connection pool with keep-alive: the JDK's client spends several times the CPU
 * per request (docs/bench/eval.md). Callers block on their own call; close the client when done.
 */
public final class OpenAiCompatibleClient implements AutoCloseable {

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
                           long seed, int maxResponseBytes) {

        public static Settings defaults(URI baseUrl, String model, Protocol protocol) {
            return new Settings(baseUrl, model, protocol, 8, Duration.ofSeconds(30), 4, Duration.ofMillis(200),
                    Duration.ofSeconds(10), 0, 0, 5, Duration.ofSeconds(30), false, 1, 8 << 20);
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
    private final EgressPolicy egress;
    private final URI endpoint;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final Random jitter;
    private final Object rateLock = new Object();
    private long nextRequestNanos;
    private final TokenBudget tokens;
    private int consecutiveFailures;
    private long breakerOpenUntilNanos;

    /** @param apiKey gives null or blank for servers without authentication */
    public OpenAiCompatibleClient(Vertx vertx, Settings settings, EgressPolicy egress, Supplier<String> apiKey) {
        this.settings = settings;
        this.apiKey = apiKey;
        this.egress = egress;
        this.endpoint = URI.create(settings.baseUrl().toString().replaceAll("/+$", "")
                + (settings.protocol() == Protocol.CHAT ? "/chat/completions" : "/completions"));
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(timeout), new PoolOptions().setHttp1MaxSize(settings.concurrency()));
        this.inFlight = new Semaphore(settings.concurrency(), true);
        this.jitter = new Random(settings.seed());
        this.tokens = new TokenBudget(settings.tokensPerMinute());
    }

    @Override
    public void close() {
        http.close();
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
                Exchange exchange = exchange(body, attempt);
                if (exchange.completion() != null) {
                    Completion completion = exchange.completion();
                    tokens.giveBack(reserved - completion.promptTokens() - completion.completionTokens());
                    succeeded();
                    return completion;
                }
                lastError = "HTTP " + exchange.status();
                if (exchange.status() != 429 && exchange.status() < 500) {
                    failed();
                    throw new CallFailedException(lastError + " (not retried)", attempt);
                }
                wait = exchange.retryAfter();
            } catch (TransportException e) {
                lastError = e.getMessage();
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

    /** One request's answer: the completion for a 200, else the status and any Retry-After. */
    private record Exchange(int status, Completion completion, Duration retryAfter) {
    }

    /** The request got no answer: timed out, refused or dropped connection (retried). */
    private static final class TransportException extends Exception {
        TransportException(String message) {
            super(message, null, false, false);
        }
    }

    private Exchange exchange(String body, int attempt) throws TransportException, CallFailedException,
            InterruptedException {
        long started = System.nanoTime();
        long timeout = settings.timeout().toMillis();
        InetSocketAddress server;
        try {
            server = egress.check(endpoint);
        } catch (EgressPolicy.EgressRefusedException e) {
            throw new CallFailedException("endpoint refused before anything was sent: " + e.getMessage(), attempt);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(endpoint.toString())
                .setServer(SocketAddress.inetSocketAddress(server))
                .putHeader("Content-Type", "application/json").setIdleTimeout(timeout);
        String key = apiKey.get();
        if (key != null && !key.isBlank()) {
            options.putHeader("Authorization", "Bearer " + key);
        }
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Future<Exchange> answer = http.request(options).compose(request -> {
            sent.set(request);
            return request.send(Buffer.buffer(body));
        }).compose(response -> {
            Duration retryAfter = retryAfter(response.getHeader("Retry-After"));
            if (response.statusCode() != 200) {
                return body(response, attempt, ignored -> { }).map(ignored -> new Exchange(response.statusCode(), null, retryAfter));
            }
            if (settings.stream()) {
                EventReader events = new EventReader(started, attempt);
                return body(response, attempt, events::feed).compose(ignored -> {
                    try {
                        return Future.succeededFuture(new Exchange(200, events.finish(), null));
                    } catch (CallFailedException e) {
                        return Future.failedFuture(e);
                    }
                });
            }
            Buffer whole = Buffer.buffer();
            return body(response, attempt, whole::appendBuffer).compose(ignored -> {
                try {
                    return Future.succeededFuture(new Exchange(200, parse(whole.toString(StandardCharsets.UTF_8),
                            (System.nanoTime() - started) / 1e6, attempt), null));
                } catch (CallFailedException e) {
                    return Future.failedFuture(e);
                }
            });
        });
        try {
            return answer.toCompletionStage().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
            throw new TransportException("timed out after " + timeout + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CallFailedException failed) {
                throw failed;
            }
            if (e.getCause() instanceof java.util.concurrent.TimeoutException
                    || e.getCause() instanceof io.netty.handler.timeout.TimeoutException) {
                throw new TransportException("timed out after " + timeout + " ms");
            }
            throw new TransportException("connection failed: " + e.getCause().getClass().getSimpleName());
        }
    }

    /**
     * Reads an answer chunk by chunk into {@code sink}, up to {@code maxResponseBytes}: a larger answer
     * resets the stream and fails the call (not retried; the server would send it again).
     */
    private Future<Void> body(HttpClientResponse response, int attempt, Consumer<Buffer> sink) {
        Promise<Void> done = Promise.promise();
        long[] received = {0};
        response.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > settings.maxResponseBytes()) {
                done.tryFail(new CallFailedException("the answer exceeds " + settings.maxResponseBytes()
                        + " bytes (fmp.eval.endpoint.max-response-bytes)", attempt));
                response.request().reset();
            } else if (!done.future().isComplete()) {
                sink.accept(chunk);
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(end -> done.tryComplete());
        return done.future();
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

    /**
     * Server-sent events as they arrive: {@code data: {...}} lines with deltas, a usage chunk, then
     * {@code data: [DONE]}. The first content delta's arrival is the time to the first token.
     */
    private static final class EventReader {
        private final long started;
        private final int attempts;
        private final StringBuilder pending = new StringBuilder();
        private final StringBuilder text = new StringBuilder();
        private final LogprobSum logprobs = new LogprobSum();
        private Double firstToken;
        private long promptTokens;
        private long completionTokens;
        private String problem;

        EventReader(long started, int attempts) {
            this.started = started;
            this.attempts = attempts;
        }

        void feed(Buffer chunk) {
            pending.append(chunk.toString(StandardCharsets.UTF_8));
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                line(pending.substring(0, newline).trim());
                pending.delete(0, newline + 1);
            }
        }

        private void line(String line) {
            if (!line.startsWith("data:") || problem != null) {
                return;
            }
            String data = line.substring(5).trim();
            if (data.equals("[DONE]")) {
                return;
            }
            JsonNode chunk;
            try {
                chunk = JSON.readTree(data);
            } catch (IOException e) {
                problem = "an event of the stream is not JSON";
                return;
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

        Completion finish() throws CallFailedException {
            line(pending.toString().trim());
            if (problem != null) {
                throw new CallFailedException(problem, attempts);
            }
            return new Completion(text.toString(), promptTokens, completionTokens, (System.nanoTime() - started) / 1e6,
                    attempts, firstToken, logprobs.sum(), logprobs.tokens());
        }
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

    private static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
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
