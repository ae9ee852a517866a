package io.fmp.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency from the catalog's commit of a registration to its governance audit record, measured
 * through the gateway of a running suite (./fmp up). For each registration: audit recordedAt minus
 * the event's time (stamped by the catalog's outbox in the registering transaction).
 *
 * Usage: deploy/bench/run.sh AuditLatencyBench [gateway URL] [registrations] [concurrent clients] [rate/s, 0 = as fast as possible]
 * A paced rate below the suite's throughput measures the pipeline's latency; rate 0 measures it saturated.
 */
public class AuditLatencyBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Pattern EVENT_TIME = Pattern.compile("\"eventTime\":\"([^\"]+)\"");
    private static final Pattern RECORDED_AT = Pattern.compile("\"recordedAt\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 ? args[0] : "http://localhost:8080";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String authorization = GatewayCredential.authorization();
        String run = Long.toString(System.currentTimeMillis(), 36);

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<String>> registrations = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = started + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
            }
            String body = ("{\"name\":\"bench-%s-%d\",\"provider\":\"bench\",\"version\":\"1\",\"parameterCount\":1000000,"
                    + "\"license\":\"apache-2.0\",\"contextWindow\":512,\"tasks\":[\"text-classification\"]}").formatted(run, i);
            registrations.add(pool.submit(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/models"))
                                .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("registration failed: " + response.statusCode() + " " + response.body());
                }
                return match(ID, response.body());
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> registration : registrations) {
            ids.add(registration.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();

        List<Double> latenciesMs = new ArrayList<>();
        for (String id : ids) {
            String audit = "";
            for (int attempt = 0; attempt < 600 && !audit.contains("recordedAt"); attempt++) {
                audit = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/audit?subject=" + id))
                        .header("Authorization", authorization).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (!audit.contains("recordedAt")) {
                    Thread.sleep(100);
                }
            }
            Instant eventTime = Instant.parse(match(EVENT_TIME, audit));
            Instant recordedAt = Instant.parse(match(RECORDED_AT, audit));
            latenciesMs.add(Duration.between(eventTime, recordedAt).toNanos() / 1e6);
        }
        Collections.sort(latenciesMs);
        System.out.printf("registrations: %d with %d concurrent clients%s in %.1f s (%.0f/s)%n", count, clients,
                rate > 0 ? " paced at " + rate + "/s" : "", seconds, count / seconds);
        System.out.printf("commit -> audit record latency, ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f%n",
                percentile(latenciesMs, 50), percentile(latenciesMs, 90), percentile(latenciesMs, 99),
                latenciesMs.get(latenciesMs.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(pattern + " not found in " + text);
        }
        return matcher.group(1);
    }
}
