package io.fmp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.platform.testing.OpenAiStubServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's serving overhead, side by side in one run (docs/bench/serving.md):
 * <ol>
 * <li>the same open-loop load (a fixed rate, small non-streamed chat completions) sent straight to an
 * OpenAI-compatible stub and through the gateway's {@code /openai/v1} route to an {@code external} deployment on that
 * stub, with authentication, authorisation, rate limits and metering on; latency from each request's scheduled
 * start (no coordinated omission) to its last byte;</li>
 * <li>streaming: time to the first byte of a streamed answer, straight and through the gateway;</li>
 * <li>{@code local} serving: texts per second classified through the gateway's classification route against the same
 * encoder and head computed in this process (model-runtime), at the same batch size; and, given an approver's key
 * (FMP_APPROVER_KEY), embeddings through {@code /openai/v1/embeddings} from a local all-MiniLM-L6-v2 deployment
 * (approved for a use case of its own first) against the same encoder in this process.</li>
 * </ol>
 * Needs the running suite with the demo's approved model (./fmp demo). Arguments: gateway URL, the approved model's
 * id, the local deployment's name, requests per second, seconds per pass.
 */
public class ServingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DEPLOYMENT = "bench-stub";

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : "http://localhost:8080";
        String modelId = args[1];
        String local = args.length > 2 ? args[2] : "banking77-router";
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        String authorization = GatewayCredential.authorization();
        System.out.printf(Locale.ROOT, "cores %d; %d requests/s, %d s per pass after a %d s warm-up of each path;"
                + " client, stub, gateway and the services on the same machine%n%n", Runtime.getRuntime()
                .availableProcessors(), rate, seconds, seconds / 2);

        try (OpenAiStubServer stub = OpenAiStubServer.start(2, request -> OpenAiStubServer.Reply.answer("fine thanks")
                .streamedEvery(request.stream() ? 20 : 0))) {
            deployStub(gateway, authorization, modelId, stub.baseUrl());
            Vertx vertx = Vertx.vertx();
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(128).setKeepAlive(true)
                    .setTcpNoDelay(true).setMaxWaitQueueSize(100_000));
            Target direct = new Target("stub, direct", URI.create(stub.baseUrl() + "/chat/completions"), null,
                    "stub-chat");
            Target routed = new Target("through the gateway", URI.create(gateway + "/openai/v1/chat/completions"),
                    authorization, DEPLOYMENT);

            for (Target t : List.of(direct, routed)) {
                openLoop(http, t, rate, seconds / 2);
            }
            long[] straight = openLoop(http, direct, rate, seconds);
            long[] through = openLoop(http, routed, rate, seconds);
            System.out.println("| path | requests | p50 ms | p99 ms | p99.9 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|");
            row(direct.name(), straight);
            row(routed.name(), through);
            System.out.printf(Locale.ROOT, "| **gateway overhead** | | **%.3f** | **%.3f** | **%.3f** | |%n%n",
                    ms(pct(through, 50) - pct(straight, 50)), ms(pct(through, 99) - pct(straight, 99)),
                    ms(pct(through, 99.9) - pct(straight, 99.9)));

            long[] firstDirect = firstBytes(http, direct, 300);
            long[] firstRouted = firstBytes(http, routed, 300);
            System.out.println("| streamed answer, time to first byte | p50 ms | p99 ms |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| stub, direct | %.3f | %.3f |%n", ms(pct(firstDirect, 50)), ms(pct(firstDirect, 99)));
            System.out.printf(Locale.ROOT, "| through the gateway | %.3f | %.3f |%n", ms(pct(firstRouted, 50)),
                    ms(pct(firstRouted, 99)));
            System.out.printf(Locale.ROOT, "| **difference** | **%.3f** | **%.3f** |%n%n",
                    ms(pct(firstRouted, 50) - pct(firstDirect, 50)), ms(pct(firstRouted, 99) - pct(firstDirect, 99)));
            vertx.close();
        }
        localThroughput(gateway, authorization, local);
        String approver = System.getenv("FMP_APPROVER_KEY");
        if (approver != null && !approver.isBlank()) {
            embeddingThroughput(gateway, authorization, "Bearer " + approver);
        }
    }

    record Target(String name, URI url, String authorization, String model) {
    }

    /** Replaces the benchmark's external deployment: the approved model, served by the stub. */
    static void deployStub(String gateway, String authorization, String modelId, String stubUrl) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        client.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/deployments/" + DEPLOYMENT))
                .header("Authorization", authorization).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        String body = JSON.createObjectNode().put("name", DEPLOYMENT).put("modelId", modelId).put("executor", "external")
                .set("external", JSON.createObjectNode().put("url", stubUrl).put("upstreamModel", "stub-chat"))
                .toString();
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/deployments"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("deploying the stub failed: " + created.statusCode() + " " + created.body());
        }
        // the gateway reads deployments every two seconds
        Thread.sleep(3000);
    }

    private static RequestOptions options(Target t, boolean stream) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(t.url().toString())
                .putHeader("Content-Type", "application/json");
        if (t.authorization() != null) {
            options.putHeader("Authorization", t.authorization());
        }
        return options;
    }

    private static Buffer body(Target t, boolean stream) {
        return Buffer.buffer("{\"model\": \"" + t.model() + "\", \"max_tokens\": 8, \"stream\": " + stream
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"how are you today\"}]}");
    }

    /** Requests at a fixed rate for {@code seconds}; each latency counted from when it was due. */
    static long[] openLoop(HttpClient http, Target t, int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime() + 50_000_000L;
        long interval = 1_000_000_000L / rate;
        RequestOptions options = options(t, false);
        Buffer body = body(t, false);
        Thread sender = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                int index = i;
                http.request(options).compose(r -> r.send(body)).compose(r -> {
                    if (r.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                    return r.body();
                }).onComplete(result -> {
                    if (result.failed()) {
                        failures.incrementAndGet();
                    }
                    latencies[index] = System.nanoTime() - due;
                    done.countDown();
                });
            }
        });
        sender.start();
        if (!done.await(seconds + 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(t.name() + ": requests did not finish");
        }
        if (failures.get() > 0) {
            System.out.printf("warning: %s: %d of %d requests failed%n", t.name(), failures.get(), total);
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /** Sequential streamed requests: time from sending to the answer's first body bytes. */
    static long[] firstBytes(HttpClient http, Target t, int count) throws Exception {
        long[] firsts = new long[count];
        for (int i = -count / 5; i < count; i++) {
            CompletableFuture<Long> first = new CompletableFuture<>();
            CompletableFuture<Void> end = new CompletableFuture<>();
            long sent = System.nanoTime();
            http.request(options(t, true)).compose(r -> r.send(body(t, true))).onSuccess(r -> {
                r.handler(chunk -> first.complete(System.nanoTime() - sent));
                r.endHandler(v -> end.complete(null));
            }).onFailure(first::completeExceptionally);
            long value = first.get(30, TimeUnit.SECONDS);
            end.get(30, TimeUnit.SECONDS);
            if (i >= 0) {
                firsts[i] = value;
            }
        }
        Arrays.sort(firsts);
        return firsts;
    }

    /** Texts per second: the classification route of a local deployment, and the same computation in here. */
    static void localThroughput(String gateway, String authorization, String deployment) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> described = client.send(HttpRequest.newBuilder(URI.create(gateway
                        + "/api/v1/deployments/" + deployment)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode d = JSON.readTree(described.body());
        String modelId = d.path("modelId").asText();
        HttpResponse<String> model = client.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/models/" + modelId))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode card = JSON.readTree(model.body());
        String encoderUrl = card.path("endpoints").path(0).path("url").asText();
        String artifact = card.path("lineage").path("artifactUri").asText();
        String[] jobAndName = artifact.substring("tuning://".length()).split("/", 2);
        byte[] headFile = client.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/tuning-jobs/" + jobAndName[0]
                + "/artifacts/" + jobAndName[1])).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        io.fmp.inference.heads.DenseHead head = io.fmp.inference.heads.DenseHead.read(headFile);
        SentenceEncoder encoder = SentenceEncoder.require(encoderUrl);

        List<String> texts = new ArrayList<>();
        String[] queries = {"I still have not received my new card", "How do I top up with Apple Pay?",
                "There is a payment on my statement I did not make", "What is the exchange rate for euros?",
                "My transfer has not arrived yet", "Can I change my PIN at an ATM?", "Why was I charged a fee?",
                "How long does a top-up take to show?"};
        for (int i = 0; i < 64; i++) {
            texts.add(queries[i % queries.length] + " (" + i + ")");
        }
        String body = JSON.createObjectNode().set("texts", JSON.valueToTree(texts)).toString();
        HttpRequest classify = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/deployments/" + deployment
                        + "/classify")).header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        // warm-up: both paths, JIT and the session
        for (int i = 0; i < 20; i++) {
            encoder.encode(texts).forEach(head::label);
            client.send(classify, HttpResponse.BodyHandlers.discarding());
        }
        int rounds = 60;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            encoder.encode(texts).forEach(head::label);
        }
        double inProcess = rounds * texts.size() / ((System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            HttpResponse<Void> answer = client.send(classify, HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("classify answered " + answer.statusCode());
            }
        }
        double served = rounds * texts.size() / ((System.nanoTime() - t1) / 1e9);
        System.out.println("| local deployment " + deployment + ", batches of 64 texts | texts/s |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| model-runtime in this process (encoder + head) | %.0f |%n", inProcess);
        System.out.printf(Locale.ROOT, "| through the gateway (POST /api/v1/deployments/%s/classify) | %.0f |%n",
                deployment, served);
        System.out.printf(Locale.ROOT, "| **served / in process** | **%.1f %%** |%n", 100 * served / inProcess);
    }

    private static JsonNode call(java.net.http.HttpClient client, String method, String url, String authorization,
                                 String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body().isEmpty() ? null : JSON.readTree(answer.body());
    }

    /**
     * The embeddings route of a local all-MiniLM-L6-v2 deployment against the same encoder in this process. The
     * encoder needs an approved use case first (the demo evaluated it zero-shot on banking77-intent).
     */
    static void embeddingThroughput(String gateway, String authorization, String approver) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        JsonNode found = call(client, "GET", gateway + "/api/v1/models?q=all-MiniLM-L6-v2&pageSize=5", authorization,
                null, 200);
        String miniLm = null;
        for (JsonNode m : found.path("models")) {
            if (m.path("name").asText().equals("all-MiniLM-L6-v2")) {
                miniLm = m.path("id").asText();
            }
        }
        if (miniLm == null) {
            throw new IllegalStateException("all-MiniLM-L6-v2 is not in the catalog: run ./fmp demo first");
        }
        HttpResponse<String> existing = client.send(HttpRequest.newBuilder(URI.create(gateway
                + "/api/v1/deployments/bench-minilm")).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
        if (existing.statusCode() != 200 || !JSON.readTree(existing.body()).path("state").asText().equals("ready")) {
            var spec = JSON.createObjectNode().put("name", "Serving benchmark embeddings " + System.currentTimeMillis())
                    .put("purpose", "benchmark").put("owner", "platform").put("task", "classification")
                    .put("threshold", 0.5);
            spec.set("suites", JSON.valueToTree(List.of("banking77-intent")));
            spec.set("approaches", JSON.valueToTree(List.of(miniLm)));
            String useCase = call(client, "POST", gateway + "/api/v1/use-cases", authorization, spec.toString(), 201)
                    .path("id").asText();
            var answers = JSON.createArrayNode();
            for (String[] qa : new String[][]{{"prohibited-practices", "none"}, {"annex-iii-area", "none"},
                    {"derogation", "none"}, {"profiling", "no"}, {"interacts-with-people", "no"},
                    {"generates-synthetic-content", "no"}, {"emotion-or-biometric-categorisation", "no"},
                    {"deep-fake", "no"}}) {
                answers.addObject().put("question", qa[0]).set("values", JSON.valueToTree(List.of(qa[1])));
            }
            call(client, "POST", gateway + "/api/v1/use-cases/" + useCase + "/assessment", authorization,
                    JSON.createObjectNode().set("answers", answers).toString(), 200);
            for (String state : List.of("approved-for-development", "in-validation")) {
                call(client, "POST", gateway + "/api/v1/use-cases/" + useCase + "/transitions", authorization,
                        JSON.createObjectNode().put("state", state).put("reason", "benchmark").toString(), 200);
            }
            String approval = call(client, "POST", gateway + "/api/v1/use-cases/" + useCase + "/approvals",
                    authorization, JSON.createObjectNode().put("modelId", miniLm).put("reason", "benchmark").toString(),
                    201).path("id").asText();
            call(client, "POST", gateway + "/api/v1/approvals/" + approval + "/decisions", approver,
                    JSON.createObjectNode().put("decision", "approve").put("reason", "benchmark").toString(), 200);
            client.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/deployments/bench-minilm"))
                    .header("Authorization", authorization).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            call(client, "POST", gateway + "/api/v1/deployments", authorization, JSON.createObjectNode()
                    .put("name", "bench-minilm").put("modelId", miniLm).put("executor", "local").toString(), 201);
            Thread.sleep(3000);
        }
        SentenceEncoder encoder = SentenceEncoder.require("embedded:all-minilm-l6-v2");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add("customer query number " + i + " about a card payment that did not arrive");
        }
        String body = JSON.createObjectNode().put("model", "bench-minilm").put("encoding_format", "base64")
                .set("input", JSON.valueToTree(texts)).toString();
        HttpRequest embed = HttpRequest.newBuilder(URI.create(gateway + "/openai/v1/embeddings"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int i = 0; i < 20; i++) {
            encoder.encode(texts);
            client.send(embed, HttpResponse.BodyHandlers.discarding());
        }
        int rounds = 60;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            encoder.encode(texts);
        }
        double inProcess = rounds * texts.size() / ((System.nanoTime() - t0) / 1e9);
        long t1 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            HttpResponse<Void> answer = client.send(embed, HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("embeddings answered " + answer.statusCode());
            }
        }
        double served = rounds * texts.size() / ((System.nanoTime() - t1) / 1e9);
        System.out.println();
        System.out.println("| local deployment bench-minilm (all-MiniLM-L6-v2), batches of 64 texts | texts/s |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| model-runtime's encoder in this process | %.0f |%n", inProcess);
        System.out.printf(Locale.ROOT, "| through the gateway (POST /openai/v1/embeddings, base64) | %.0f |%n", served);
        System.out.printf(Locale.ROOT, "| **served / in process** | **%.1f %%** |%n", 100 * served / inProcess);
    }

    private static void row(String name, long[] latencies) {
        System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f |%n", name, latencies.length,
                ms(pct(latencies, 50)), ms(pct(latencies, 99)), ms(pct(latencies, 99.9)),
                ms(latencies[latencies.length - 1]));
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
