package io.fmp.bench;

import io.fmp.deploy.demo.GatewayClient;
import io.fmp.deploy.demo.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The Banking77 classifier head through the gateway of a running suite, in one run: the zero-shot
 * baseline (all-MiniLM-L6-v2 by label similarity), then a head job with a cold embedding cache and
 * the same job again with a warm one. Each job's time is the tuning-service's own (startedAt to
 * finishedAt: reading the data, embedding, training, storing the head, registering the model),
 * split by its metrics into embedding and training. Run it on a fresh platform (deploy/bench/tuning.sh
 * starts one), else the first job is warm too.
 * Usage: deploy/bench/run.sh HeadJobBench [gateway-url]
 */
public class HeadJobBench {

    static GatewayClient gateway;

    public static void main(String[] args) throws Exception {
        gateway = new GatewayClient(args.length > 0 ? args[0] : "http://localhost:8080");
        String miniLm = get("/api/v1/models?name=" + GatewayClient.encode("all-MiniLM-L6-v2"))
                .get("models.0.id").text();
        String run = post("/api/v1/runs", "{\"suite\": \"banking77-intent\", \"modelId\": \"" + miniLm + "\"}",
                "bench-zero-shot-" + miniLm).get("id").text();
        Json.Node zeroShot = await("/api/v1/runs/" + run);
        System.out.printf("cores %d; Banking77 (8,005 train / 1,000 validation / 998 test), all-MiniLM-L6-v2%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-28s %9s %11s %10s %10s %9s %8s%n", "", "job s", "embedding s", "training s",
                "from cache", "epochs", "test acc");
        System.out.printf("%-28s %9s %11s %10s %10s %9s %8.4f%n", "zero-shot (label similarity)", "-", "-", "-", "-",
                "-", zeroShot.get("metrics.0.value").number());
        String job = "{\"baseModelId\": \"" + miniLm + "\", \"method\": \"classifier-head\", \"dataset\": {\"name\":"
                + " \"banking77\"}, \"outputName\": \"Banking77 head bench\"}";
        for (String cache : new String[]{"cold", "warm"}) {
            String id = post("/api/v1/tuning-jobs", job, "bench-" + UUID.randomUUID()).get("id").text();
            Json.Node done = await("/api/v1/tuning-jobs/" + id);
            double seconds = Duration.between(Instant.parse(done.get("startedAt").text()),
                    Instant.parse(done.get("finishedAt").text())).toMillis() / 1000.0;
            System.out.printf("%-28s %9.1f %11.1f %10.1f %10.0f %9s %8.4f%n", "head, " + cache + " embedding cache",
                    seconds, done.get("finalMetrics.embedding_seconds").number(),
                    done.get("finalMetrics.training_seconds").number(),
                    done.get("finalMetrics.embeddings_from_cache").number(),
                    String.format("%.0f (best %.0f)", done.get("finalMetrics.epochs_trained").number(),
                            done.get("finalMetrics.best_epoch").number()),
                    done.get("finalMetrics.test_accuracy").number());
        }
    }

    static Json.Node await(String path) throws InterruptedException {
        while (true) {
            Json.Node node = get(path);
            String state = node.get("state").text();
            if ("succeeded".equals(state)) {
                return node;
            }
            if ("failed".equals(state) || "cancelled".equals(state)) {
                throw new IllegalStateException(path + " " + state + ": " + node.get("error").text());
            }
            Thread.sleep(500);
        }
    }

    static Json.Node get(String path) {
        return gateway.ok(gateway.get(path), "GET " + path).body();
    }

    static Json.Node post(String path, String body, String key) {
        return gateway.ok(gateway.post(path, body, key), "POST " + path).body();
    }
}
