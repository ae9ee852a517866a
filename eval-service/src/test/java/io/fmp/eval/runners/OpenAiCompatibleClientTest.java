package io.fmp.eval.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real HTTP server started by the test, speaking the OpenAI chat protocol and misbehaving
 * on purpose: 429s, 500s, slow answers, dropped connections, refusals.
 */
class OpenAiCompatibleClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final Map<String, AtomicInteger> attemptsByPrompt = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<String> authorizations = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            String prompt = request.path("messages").path(0).path("content").asText();
            int attempt = attemptsByPrompt.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
            if (prompt.startsWith("flaky") && attempt == 1) {
                exchange.getResponseHeaders().add("Retry-After", "0");
                respond(exchange, 429, "{\"error\": \"rate limited\"}");
            } else if (prompt.startsWith("flaky") && attempt == 2) {
                respond(exchange, 503, "{\"error\": \"overloaded\"}");
            } else if (prompt.startsWith("drop") && attempt == 1) {
                exchange.close();  // no status line: the client sees the connection end
            } else if (prompt.startsWith("slow") && attempt == 1) {
                sleep(800);
                respond(exchange, 200, answer(prompt));
            } else if (prompt.startsWith("bad")) {
                respond(exchange, 500, "{\"error\": \"broken\"}");
            } else if (prompt.startsWith("forbidden")) {
                respond(exchange, 400, "{\"error\": \"bad request\"}");
            } else {
                sleep(20);
                respond(exchange, 200, answer(prompt));
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static String answer(String prompt) {
        return "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"echo:" + prompt + "\"}}],"
                + " \"usage\": {\"prompt_tokens\": 7, \"completion_tokens\": 3}}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private OpenAiCompatibleClient client(int concurrency, int breakerThreshold) {
        return new OpenAiCompatibleClient(new OpenAiCompatibleClient.Settings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/"), "banking-router",
                OpenAiCompatibleClient.Protocol.CHAT, concurrency, Duration.ofMillis(300), 2, Duration.ofMillis(10),
                Duration.ofMillis(50), 0, breakerThreshold, Duration.ofMillis(500), 7), () -> "sk-test-secret");
    }

    @Test
    void retriesRateLimitsServerErrorsTimeoutsAndDroppedConnections() throws Exception {
        OpenAiCompatibleClient client = client(4, 100);

        OpenAiCompatibleClient.Completion flaky = client.complete("flaky-1", 0, 8);
        assertEquals("echo:flaky-1", flaky.text());
        assertEquals(3, flaky.attempts(), "429, then 503, then the answer");
        assertEquals(7, flaky.promptTokens());
        assertEquals(3, flaky.completionTokens());
        assertEquals(2, client.complete("drop-1", 0, 8).attempts());
        assertEquals(2, client.complete("slow-1", 0, 8).attempts(), "the slow answer timed out and was retried");
        assertTrue(authorizations.stream().allMatch("Bearer sk-test-secret"::equals));

        OpenAiCompatibleClient.CallFailedException bad = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client.complete("bad-1", 0, 8));
        assertEquals(3, bad.attempts);
        assertEquals("HTTP 500 after 3 attempts", bad.getMessage());
        OpenAiCompatibleClient.CallFailedException refused = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client.complete("forbidden-1", 0, 8));
        assertEquals(1, refused.attempts, "a 400 is not retried");
        assertFalse(refused.getMessage().contains("sk-test"), "the key never shows in errors");
    }

    @Test
    void neverMoreRequestsInFlightThanTheBoundAndFailuresStayPerExample() throws Exception {
        OpenAiCompatibleClient client = client(3, 100);
        ExecutorService callers = Executors.newFixedThreadPool(12);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String prompt = i % 12 == 5 ? "bad-" + i : "ok-" + i;
            results.add(callers.submit(() -> {
                try {
                    return client.complete(prompt, 0, 8).text();
                } catch (OpenAiCompatibleClient.CallFailedException e) {
                    return "failed: " + e.getMessage();
                }
            }));
        }
        int ok = 0;
        int failed = 0;
        for (Future<String> result : results) {
            if (result.get().startsWith("echo:ok-")) {
                ok++;
            } else {
                failed++;
            }
        }
        callers.shutdown();
        assertEquals(33, ok);
        assertEquals(3, failed);
        assertTrue(maxInFlight.get() <= 3, "in flight at most 3, was " + maxInFlight.get());
        assertTrue(maxInFlight.get() >= 2, "requests did run concurrently");
    }

    @Test
    void theCircuitOpensAfterConsecutiveFailuresAndClosesAfterTheCoolDown() throws Exception {
        OpenAiCompatibleClient client = client(2, 2);
        assertThrows(OpenAiCompatibleClient.CallFailedException.class, () -> client.complete("bad-a", 0, 8));
        assertThrows(OpenAiCompatibleClient.CallFailedException.class, () -> client.complete("bad-b", 0, 8));
        int before = attemptsByPrompt.values().stream().mapToInt(AtomicInteger::get).sum();

        OpenAiCompatibleClient.CallFailedException open = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client.complete("ok-while-open", 0, 8));
        assertEquals(0, open.attempts);
        assertTrue(open.getMessage().startsWith("circuit open"), open.getMessage());
        assertEquals(before, attemptsByPrompt.values().stream().mapToInt(AtomicInteger::get).sum(), "nothing was sent");

        Thread.sleep(600);
        assertEquals("echo:ok-after", client.complete("ok-after", 0, 8).text());
    }

    @Test
    void theRequestRateLimitSpacesRequests() throws Exception {
        OpenAiCompatibleClient limited = new OpenAiCompatibleClient(new OpenAiCompatibleClient.Settings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "m",
                OpenAiCompatibleClient.Protocol.CHAT, 4, Duration.ofSeconds(2), 0, Duration.ofMillis(10),
                Duration.ofMillis(10), 20, 100, Duration.ofSeconds(1), 1), null);
        long start = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            limited.complete("ok-rate-" + i, 0, 8);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 20 per second: 11 requests need at least 10 intervals of 50 ms
        assertTrue(seconds >= 0.5, "took " + seconds + " s");
        assertTrue(authorizations.stream().allMatch("null"::equals), "no key, no Authorization header");
    }
}
