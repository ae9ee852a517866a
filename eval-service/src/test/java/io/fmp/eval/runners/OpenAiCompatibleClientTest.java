package io.fmp.eval.runners;

import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.contracts.egress.EgressPolicy;
import io.fmp.platform.testing.OpenAiStubServer;
import io.fmp.platform.testing.OpenAiStubServer.Reply;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against a real HTTP server started by the test, speaking the OpenAI protocols and misbehaving
 * on purpose: 429s, 500s, slow answers, dropped connections, refusals.
 */
class OpenAiCompatibleClientTest {

    private static final SuiteDefinition.Decoding GREEDY = new SuiteDefinition.Decoding(0, 8, 0, List.of(), false);
    private static final Vertx VERTX = Vertx.vertx();
    /** The stub listens on loopback, which the production default refuses. */
    private static final EgressPolicy LOOPBACK = EgressPolicy.of(List.of(), true, "fmp.eval.egress.allowed-origins");
    private OpenAiStubServer server;
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        server = OpenAiStubServer.start(16, request -> {
            authorizations.add(String.valueOf(request.authorization()));
            String prompt = request.prompt();
            if (prompt.startsWith("flaky") && request.attempt() == 1) {
                return Reply.status(429).withHeader("Retry-After", "0");
            } else if (prompt.startsWith("flaky") && request.attempt() == 2) {
                return Reply.status(503);
            } else if (prompt.startsWith("drop") && request.attempt() == 1) {
                return Reply.dropConnection();
            } else if (prompt.startsWith("slow") && request.attempt() == 1) {
                return Reply.answer("late").after(800);
            } else if (prompt.startsWith("bad")) {
                return Reply.status(500);
            } else if (prompt.startsWith("forbidden")) {
                return Reply.status(400);
            } else if (prompt.startsWith("huge")) {
                return Reply.answer("x".repeat(10_000));
            } else if (prompt.startsWith("redirect")) {
                return Reply.status(307).withHeader("Location", "http://169.254.169.254/latest/meta-data/");
            }
            return Reply.answer("echo: " + prompt).after(20);
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @AfterAll
    static void closeVertx() {
        VERTX.close();
    }

    private OpenAiCompatibleClient client(int concurrency, int breakerThreshold) {
        return client(OpenAiCompatibleClient.Protocol.CHAT, concurrency, breakerThreshold, 0, 0, false);
    }

    private OpenAiCompatibleClient client(OpenAiCompatibleClient.Protocol protocol, int concurrency,
                                          int breakerThreshold, double requestsPerSecond, long tokensPerMinute,
                                          boolean stream) {
        return new OpenAiCompatibleClient(VERTX, new OpenAiCompatibleClient.Settings(URI.create(server.baseUrl() + "/"),
                "banking-router", protocol, concurrency, Duration.ofMillis(300), 2, Duration.ofMillis(10),
                Duration.ofMillis(50), requestsPerSecond, tokensPerMinute, breakerThreshold, Duration.ofMillis(500),
                stream, 7, 4096), LOOPBACK, () -> "sk-test-secret");
    }

    @Test
    void retriesRateLimitsServerErrorsTimeoutsAndDroppedConnections() throws Exception {
        OpenAiCompatibleClient client = client(4, 100);

        OpenAiCompatibleClient.Completion flaky = client.complete("flaky one", GREEDY);
        assertEquals("echo: flaky one", flaky.text());
        assertEquals(3, flaky.attempts(), "429, then 503, then the answer");
        assertEquals(2, flaky.promptTokens());
        assertEquals(3, flaky.completionTokens());
        assertNull(flaky.logprobSum(), "not asked for");
        assertEquals(2, client.complete("drop-1", GREEDY).attempts());
        assertEquals(2, client.complete("slow-1", GREEDY).attempts(), "the slow answer timed out and was retried");
        assertTrue(authorizations.stream().allMatch("Bearer sk-test-secret"::equals));

        OpenAiCompatibleClient.CallFailedException bad = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client.complete("bad-1", GREEDY));
        assertEquals(3, bad.attempts);
        assertEquals("HTTP 500 after 3 attempts", bad.getMessage());
        OpenAiCompatibleClient.CallFailedException refused = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client.complete("forbidden-1", GREEDY));
        // the endpoint saw it once (the client may still retry a pooled connection the server had closed)
        assertEquals(1, server.calls("banking-router", "forbidden-1"), "a 400 is not retried");
        assertTrue(refused.getMessage().equals("HTTP 400 (not retried)"), refused.getMessage());
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
                    return client.complete(prompt, GREEDY).text();
                } catch (OpenAiCompatibleClient.CallFailedException e) {
                    return "failed: " + e.getMessage();
                }
            }));
        }
        int ok = 0;
        int failed = 0;
        for (Future<String> result : results) {
            if (result.get().startsWith("echo: ok-")) {
                ok++;
            } else {
                failed++;
            }
        }
        callers.shutdown();
        assertEquals(33, ok);
        assertEquals(3, failed);
        assertTrue(server.maxInFlight() <= 3, "in flight at most 3, was " + server.maxInFlight());
        assertTrue(server.maxInFlight() >= 2, "requests did run concurrently");
    }

    @Test
    void theCircuitOpensAfterConsecutiveFailuresAndClosesAfterTheCoolDown() throws Exception {
        OpenAiCompatibleClient client = client(2, 2);
        assertThrows(OpenAiCompatibleClient.CallFailedException.class, () -> client.complete("bad-a", GREEDY));
        assertThrows(OpenAiCompatibleClient.CallFailedException.class, () -> client.complete("bad-b", GREEDY));
        int before = server.totalCalls();

        OpenAiCompatibleClient.CallFailedException open = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client.complete("ok-while-open", GREEDY));
        assertTrue(open.breakerOpen());
        assertTrue(open.getMessage().startsWith("circuit open"), open.getMessage());
        assertEquals(before, server.totalCalls(), "nothing was sent");

        Thread.sleep(600);
        assertEquals("echo: ok-after", client.complete("ok-after", GREEDY).text());
    }

    @Test
    void anAnswerLargerThanTheLimitFailsTheCallWithoutBeingReadWhole() {
        OpenAiCompatibleClient.CallFailedException tooLarge = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client(1, 100).complete("huge", GREEDY));
        assertTrue(tooLarge.getMessage().contains("exceeds 4096 bytes"), tooLarge.getMessage());
        assertEquals(1, tooLarge.attempts, "not retried");
        OpenAiCompatibleClient.CallFailedException streamed = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client(OpenAiCompatibleClient.Protocol.CHAT, 1, 100, 0, 0, true).complete("huge", GREEDY));
        assertTrue(streamed.getMessage().contains("exceeds 4096 bytes"), streamed.getMessage());
    }

    @Test
    void aRedirectIsNotFollowed() {
        OpenAiCompatibleClient.CallFailedException redirected = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> client(1, 100).complete("redirect", GREEDY));
        assertEquals("HTTP 307 (not retried)", redirected.getMessage());
        assertEquals(1, authorizations.size(), "one request, to the endpoint only");
    }

    @Test
    void anEndpointTheEgressPolicyRefusesGetsNoRequestAndItsSecretIsNotRead() {
        java.util.concurrent.atomic.AtomicInteger secretReads = new java.util.concurrent.atomic.AtomicInteger();
        OpenAiCompatibleClient refused = new OpenAiCompatibleClient(VERTX, OpenAiCompatibleClient.Settings.defaults(
                URI.create(server.baseUrl()), "m", OpenAiCompatibleClient.Protocol.CHAT),
                EgressPolicy.of(List.of(), false, "fmp.eval.egress.allowed-origins"), () -> {
                    secretReads.incrementAndGet();
                    return "sk-test-secret";
                });
        OpenAiCompatibleClient.CallFailedException e = assertThrows(OpenAiCompatibleClient.CallFailedException.class,
                () -> refused.complete("hello", GREEDY));
        assertTrue(e.getMessage().startsWith("endpoint refused before anything was sent:"), e.getMessage());
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        assertEquals(List.of(), authorizations);
        assertEquals(0, secretReads.get());
        refused.close();
    }

    @Test
    void theRequestRateLimitSpacesRequests() throws Exception {
        OpenAiCompatibleClient limited = new OpenAiCompatibleClient(VERTX, new OpenAiCompatibleClient.Settings(
                URI.create(server.baseUrl()), "m", OpenAiCompatibleClient.Protocol.CHAT, 4, Duration.ofSeconds(2), 0,
                Duration.ofMillis(10), Duration.ofMillis(10), 20, 0, 100, Duration.ofSeconds(1), false, 1, 4096), LOOPBACK,
                () -> null);
        long start = System.nanoTime();
        for (int i = 0; i < 11; i++) {
            limited.complete("ok-rate-" + i, GREEDY);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 20 per second: 11 requests need at least 10 intervals of 50 ms
        assertTrue(seconds >= 0.5, "took " + seconds + " s");
        assertTrue(authorizations.stream().allMatch("null"::equals), "no key, no Authorization header");
    }

    @Test
    void theTokenRateLimitHoldsRequestsUntilTheBudgetRefills() throws Exception {
        // a "long" prompt is answered with 100 words: 101 tokens a request with its one-word prompt
        server.behave(request -> Reply.answer("word ".repeat(100).trim()));
        OpenAiCompatibleClient free = client(OpenAiCompatibleClient.Protocol.CHAT, 4, 100, 0, 0, false);
        long start = System.nanoTime();
        for (int i = 0; i < 62; i++) {
            free.complete("long-free-" + i, GREEDY);
        }
        double unlimited = (System.nanoTime() - start) / 1e9;

        // 6,000 a minute: the bucket holds 6,000, refills 100 a second; 62 x 101 = 6,262 tokens
        OpenAiCompatibleClient limited = client(OpenAiCompatibleClient.Protocol.CHAT, 4, 100, 0, 6000, false);
        start = System.nanoTime();
        for (int i = 0; i < 62; i++) {
            limited.complete("long-limited-" + i, GREEDY);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // the 62nd request may start once 6,000 + 100/s x t covers the 61 x 101 tokens before it: t >= 1.6 s
        assertTrue(seconds >= 1.4, "waited for the budget: " + seconds + " s (unlimited: " + unlimited + " s)");
        assertTrue(seconds <= unlimited + 5, "and no longer than the budget needs: " + seconds + " s");
    }

    @Test
    void readsLogprobsFromChatAndCompletionsAndTimesTheFirstStreamedToken() throws Exception {
        SuiteDefinition.Decoding withLogprobs = new SuiteDefinition.Decoding(0.2, 16, 0.9, List.of("\n"), true);
        OpenAiCompatibleClient.Completion chat = client(4, 100).complete("ok three words", withLogprobs);
        assertEquals(4, chat.logprobTokens(), "echo: ok three words");
        assertEquals(4 * OpenAiStubServer.TOKEN_LOGPROB, chat.logprobSum(), 1e-12);

        OpenAiCompatibleClient completions = client(OpenAiCompatibleClient.Protocol.COMPLETIONS, 4, 100, 0, 0, false);
        OpenAiCompatibleClient.Completion plain = completions.complete("ok plain", withLogprobs);
        assertEquals("echo: ok plain", plain.text());
        assertEquals(3, plain.logprobTokens());
        assertNull(plain.firstTokenMillis(), "not streamed");

        OpenAiCompatibleClient streaming = client(OpenAiCompatibleClient.Protocol.CHAT, 4, 100, 0, 0, true);
        OpenAiCompatibleClient.Completion streamed = streaming.complete("ok streamed answer", withLogprobs);
        assertEquals("echo: ok streamed answer", streamed.text(), "the deltas joined");
        assertEquals(3, streamed.promptTokens());
        assertEquals(4, streamed.completionTokens(), "usage from the last event");
        assertEquals(4, streamed.logprobTokens());
        assertNotNull(streamed.firstTokenMillis());
        assertTrue(streamed.firstTokenMillis() <= streamed.latencyMillis());
    }
}
