package io.fmp.bench;

import io.fmp.eval.runners.OpenAiCompatibleClient;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.contracts.egress.EgressPolicy;
import io.fmp.platform.testing.OpenAiStubServer;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runner throughput side by side against one local OpenAI-compatible stub (the tests' stub server,
 * in this JVM): wrk (a plain HTTP load tool) with N connections, the platform's client with N
 * requests in flight, and, when a gateway URL is given, a whole evaluation run in eval-service
 * (prompt rendering, response cache, scoring, results and progress written to its database), with
 * a 2 s request timeout, right for a local endpoint that answers in milliseconds.
 * Usage: deploy/bench/runner.sh [gateway-url]
 */
public class RunnerBench {

    static final Duration MEASURE = Duration.ofSeconds(10);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Vertx VERTX = Vertx.vertx();

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : null;
        System.out.printf("cores %d; each figure: requests (or examples) per second over %d s%n",
                Runtime.getRuntime().availableProcessors(), MEASURE.toSeconds());
        System.out.printf("%-34s %12s %12s %12s %14s%n", "stub answer delay, concurrency", "wrk", "client",
                "client/wrk", "service run");
        for (int[] setup : new int[][]{{0, 16}, {20, 32}}) {
            int delay = setup[0];
            int concurrency = setup[1];
            // enough handler threads that the stub's own pool never caps a delayed answer's throughput
            try (OpenAiStubServer stub = OpenAiStubServer.start(2 * concurrency, request -> OpenAiStubServer.Reply
                    .answer("the answer to " + request.prompt()).after(delay))) {
                double wrk = wrk(stub.baseUrl(), concurrency);
                double client = client(stub.baseUrl(), concurrency);
                String service = "-";
                if (gateway != null) {
                    double rate = serviceRun(gateway, stub.baseUrl(), concurrency, delay);
                    service = String.format("%.0f (%.0f %%)", rate, 100 * rate / wrk);
                }
                System.out.printf("%-34s %12.0f %12.0f %11.0f%% %14s%n", delay + " ms, " + concurrency, wrk, client,
                        100 * client / wrk, service);
            }
        }
        VERTX.close();
    }

    /** wrk with as many connections as the others have requests in flight, posting one chat request. */
    static double wrk(String baseUrl, int connections) throws Exception {
        Path script = Files.createTempFile("wrk-chat-", ".lua");
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.body = '{"model": "bench", "messages": [{"role": "user", "content": "how do I activate my card"}], "max_tokens": 16, "temperature": 0}'
                """);
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + MEASURE.toSeconds() + "s", "-s",
                script.toString(), baseUrl + "/chat/completions").redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        Matcher rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("wrk said:\n" + out);
        }
        return Double.parseDouble(rate.group(1));
    }

    /** The platform's client: {@code concurrency} callers, distinct prompts, for the measuring time. */
    static double client(String baseUrl, int concurrency) throws Exception {
        OpenAiCompatibleClient client = new OpenAiCompatibleClient(VERTX, new OpenAiCompatibleClient.Settings(
                URI.create(baseUrl), "bench", OpenAiCompatibleClient.Protocol.CHAT, concurrency, Duration.ofSeconds(30),
                4, Duration.ofMillis(100), Duration.ofSeconds(5), 0, 0, 5, Duration.ofSeconds(30), false, 1, 8 << 20),
                EgressPolicy.of(List.of(), true, "loopback stub"), () -> null);
        SuiteDefinition.Decoding decoding = new SuiteDefinition.Decoding(0, 16, 0, List.of(), false);
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        AtomicLong done = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        // warm-up, then measure
        long warmEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(callers.submit(() -> {
                long end = warmEnd + MEASURE.toNanos();
                while (System.nanoTime() < end) {
                    client.complete("how do I activate my card " + counter.incrementAndGet(), decoding);
                    if (System.nanoTime() > warmEnd) {
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        callers.shutdown();
        client.close();
        return done.get() / (double) MEASURE.toSeconds();
    }

    /** A whole run in eval-service through the gateway: examples per second from its start to its finish. */
    static double serviceRun(String gateway, String stubUrl, int concurrency, int delay) throws Exception {
        int examples = delay == 0 ? 20_000 : 10_000;
        String name = "runner-bench-" + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < examples; i++) {
            jsonl.append("{\"input\": \"how do I activate my card ").append(i)
                    .append("\", \"reference\": \"the answer to how do I activate my card ").append(i).append("\"}\n");
        }
        send("POST", gateway + "/api/v1/datasets?name=" + name + "&format=jsonl", jsonl.toString(), 201);
        send("POST", gateway + "/api/v1/suites", """
                {"name": "%s", "dataset": "%s", "taskType": "generation", "promptTemplate": "{{input}}",
                 "metrics": ["exact_match"]}""".formatted(name, name), 201);
        String model = field(send("POST", gateway + "/api/v1/models", """
                {"name": "%s", "provider": "bench", "version": "1", "parameterCount": 1000000, "license": "apache-2.0",
                 "contextWindow": 512, "tasks": ["text-generation"],
                 "endpoints": [{"protocol": "openai-chat", "url": "%s"}]}""".formatted(name, stubUrl), 201), "id");
        String run = null;
        for (int attempt = 0; run == null && attempt < 50; attempt++) {
            HttpResponse<String> started = request("POST", gateway + "/api/v1/runs", """
                    {"suite": "%s", "modelId": "%s", "settings": {"concurrency": %d, "timeoutMs": 2000}}"""
                    .formatted(name, model, concurrency));
            if (started.statusCode() == 202) {
                run = field(started.body(), "id");
            } else {
                Thread.sleep(200); // eval-service learns the model from the catalog's event
            }
        }
        while (true) {
            String body = send("GET", gateway + "/api/v1/runs/" + run, null, 200);
            if (body.contains("\"state\":\"succeeded\"")) {
                Instant started = Instant.parse(field(body, "startedAt"));
                Instant finished = Instant.parse(field(body, "finishedAt"));
                return examples / (Duration.between(started, finished).toNanos() / 1e9);
            }
            if (body.contains("\"state\":\"failed\"")) {
                throw new IllegalStateException("the run failed: " + body);
            }
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> request(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Authorization", GatewayCredential.authorization());
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", url.contains("/datasets") ? "application/x-ndjson" : "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String send(String method, String url, String body, int expected) throws Exception {
        HttpResponse<String> response = request(method, url, body);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return value.group(1);
    }
}
