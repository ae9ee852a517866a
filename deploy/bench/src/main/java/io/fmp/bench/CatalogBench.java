package io.fmp.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Catalog search and recommend latency with a large catalog, through the gateway of a running
 * suite (./fmp up). Imports N synthetic cards in batches (catalog YAML), then times searches with
 * filters and cursor pages, and recommendations over the whole catalog.
 *
 * Usage: deploy/bench/run.sh CatalogBench [gateway URL] [models to import] [requests per kind]
 */
public class CatalogBench {

    static final String[] TASKS = {"text-generation", "text-classification", "summarization", "translation"};
    static final String[] LICENSES = {"apache-2.0", "mit", "llama3.1", "cc-by-nc-4.0", "gemma"};
    static final String[] OPTIONS = {"on-prem", "cloud", "hybrid", "edge"};

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : "http://localhost:8080";
        int models = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(42);
        String run = Long.toString(System.currentTimeMillis(), 36);

        long importStart = System.nanoTime();
        int batch = 500;
        for (int from = 0; from < models; from += batch) {
            StringBuilder yaml = new StringBuilder("apiVersion: fmp.io/v1\nkind: ModelCatalog\nmodels:\n");
            for (int i = from; i < Math.min(models, from + batch); i++) {
                yaml.append("  - {name: \"bench-").append(run).append('-').append(i).append("\", provider: p")
                        .append(i % 50).append(", version: \"1\", parameterCount: ")
                        .append(1_000_000L + random.nextInt(100_000) * 1_000_000L)
                        .append(", license: ").append(LICENSES[i % LICENSES.length])
                        .append(", contextWindow: ").append(512 << (i % 8))
                        .append(", tasks: [").append(TASKS[i % TASKS.length]).append("], facts: {deploymentOptions: [")
                        .append(OPTIONS[i % 4]).append(", ").append(OPTIONS[(i + 1) % 4]).append("], tags: [t")
                        .append(i % 100).append("], languages: [en]}}\n");
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/models/import"))
                    .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/yaml")
                    .POST(HttpRequest.BodyPublishers.ofString(yaml.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("import failed: " + response.statusCode() + " " + response.body());
            }
        }
        System.out.printf("imported %d models in %.1f s%n", models, (System.nanoTime() - importStart) / 1e9);

        List<String> searches = List.of(
                "/api/v1/models?task=text-classification&commercialUse=true&pageSize=20",
                "/api/v1/models?q=bench&deploymentOption=edge&minContextWindow=4096&sort=parameters&order=desc&pageSize=20",
                "/api/v1/models?tag=t7&language=en&pageSize=50",
                "/api/v1/models?provider=p3&sort=context-window&pageSize=20");
        time(http, requests, i -> HttpRequest.newBuilder(URI.create(gateway + searches.get(i % searches.size()))).build(),
                "search (4 filter mixes, first page)");
        String profile = """
                {"task": "text-classification", "constraints": {"deploymentMode": "on-prem", "commercialUse": true},
                 "weights": {"quality": 0.5, "speed": 0.2, "cost": 0.2, "risk": 0.1},
                 "workload": {"requestsPerMonth": 1000000, "inputTokens": 30, "outputTokens": 1}}""";
        time(http, Math.max(5, requests / 10), i -> HttpRequest.newBuilder(URI.create(gateway + "/api/v1/selection/recommendations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(profile)).build(),
                "recommend (whole catalog)");
    }

    interface RequestFactory {
        HttpRequest make(int i);
    }

    static void time(HttpClient http, int count, RequestFactory requests, String label) throws Exception {
        for (int i = 0; i < Math.min(20, count); i++) {
            http.send(requests.make(i), HttpResponse.BodyHandlers.discarding());
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<Void> response = http.send(requests.make(i), HttpResponse.BodyHandlers.discarding());
            ms.add((System.nanoTime() - start) / 1e6);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(label + " answered " + response.statusCode());
            }
        }
        Collections.sort(ms);
        System.out.printf("%s, %d requests, ms: p50 %.1f  p99 %.1f  max %.1f%n", label, count,
                ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.99) - 1), ms.get(ms.size() - 1));
    }
}
