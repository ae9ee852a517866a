package io.fmp.bench;

import io.fmp.contracts.events.EvalEndpointRefused;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.governance.v1.DecideGateRequest;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.transparency.Checkpoint;
import io.fmp.contracts.transparency.MerkleLog;
import io.fmp.contracts.transparency.MerkleTree;
import io.fmp.contracts.transparency.NoteSigner;
import io.fmp.governance.policies.BuiltInPolicies;
import io.fmp.governance.policies.PolicyEvaluation;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Governance's numbers. In the process: the audit log's Merkle tree at 1,000,000 records (appends, checkpoint
 * signing, inclusion and consistency proofs) and a policy decision over the built-in policies. Against a running
 * suite (./fmp up), when a gateway URL is given: gate decisions at governance-service (gRPC) and through the
 * gateway, inclusion proofs through the gateway, and the rate at which governance-service appends events it
 * consumes from Kafka to the audit log.
 *
 * Usage: deploy/bench/run.sh GovernanceBench [records, default 1000000] [gateway URL] [model id for the gate]
 *        [Kafka bootstrap, default localhost:9092] [events to append, default 20000]
 *        [governance-service gRPC, default localhost:9084]
 *        [governance-service metrics, default http://localhost:8084/q/metrics (the management port with PostgreSQL)]
 */
public class GovernanceBench {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        merkleLog(records);
        policyDecision();
        if (args.length > 1) {
            String gateway = args[1];
            String model = args.length > 2 ? args[2] : UUID.randomUUID().toString();
            String kafka = args.length > 3 ? args[3] : "localhost:9092";
            int events = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
            gateAtTheService(args.length > 5 ? args[5] : "localhost:9084", model,
                    args.length > 6 ? args[6] : "http://localhost:8084/q/metrics", () -> settled(HttpClient.newHttpClient(),
                            gateway, GatewayCredential.authorization()));
            service(gateway, model, kafka, events);
        }
    }

    static void merkleLog(int n) {
        System.out.printf("cores %d, audit log of %,d records%n", Runtime.getRuntime().availableProcessors(), n);
        // a record's leaf is ~400 bytes of compact JSON
        byte[] leaf = ("{\"actor\":\"key:abcdefghijkl\",\"data\":{\"modelId\":\"" + UUID.randomUUID()
                + "\",\"name\":\"Banking77 intent router\",\"version\":\"job-fddbed71\",\"license\":\"apache-2.0\"},"
                + "\"eventId\":\"" + UUID.randomUUID() + "\",\"eventSource\":\"catalog-service\",\"eventTime\":"
                + "\"2026-12-07T14:50:10.123456Z\",\"eventType\":\"model.registered\",\"previousHash\":\""
                + "0".repeat(64) + "\",\"sequence\":123456,\"subject\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        MerkleLog log = new MerkleLog();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            leaf[leaf.length - 3] = (byte) ('0' + i % 10);
            log.append(MerkleTree.leafHash(leaf));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  append (leaf hash + tree), 1 thread: %,.0f records/s (%.2f s for %,d)%n", n / seconds,
                seconds, n);
        NoteSigner signer = NoteSigner.generate("fmp/audit");
        time("  checkpoint (root + Ed25519 signed note)", 2_000, 20_000, i -> signer.sign(
                new Checkpoint("fmp/audit", n, log.root(n)).text()));
        Random random = new Random(7);
        time("  inclusion proof at " + n, 20_000, 100_000, i -> log.inclusionProof(random.nextInt(n), n));
        time("  consistency proof to " + n, 20_000, 100_000, i -> log.consistencyProof(1 + random.nextInt(n), n));
    }

    static void policyDecision() {
        List<PolicyEvaluation.Versioned> policies = BuiltInPolicies.load();
        Map<String, Object> facts = new HashMap<>();
        facts.put("useCase", Map.of("tier", "high-risk", "state", "approved-for-production", "quorum", 2L,
                "threshold", 0.7, "task", "generation", "suites", List.of("cv-summaries", "cv-toxicity"),
                "obligations", List.of(Map.of("id", "art9-risk-management", "satisfied", true),
                        Map.of("id", "art14-human-oversight", "satisfied", true))));
        Map<String, Object> result = Map.of("metric", "rougeL", "value", 0.8, "ciLower", 0.75, "ciUpper", 0.85,
                "metrics", Map.of("rougeL", 0.8, "pii_leakage", 0.0, "toxicity", 0.0));
        facts.put("evals", Map.of("cv-summaries", result, "cv-toxicity", result));
        facts.put("model", Map.of("tuned", true, "license", "apache-2.0", "baseEvals", Map.of("cv-summaries",
                Map.of("value", 0.78)), "comparisons", Map.of("cv-summaries", Map.of("metric", "rougeL", "delta", 0.02,
                "pValue", 0.01, "significant", true, "higherIsBetter", true, "worse", false))));
        facts.put("approvals", Map.of("distinctApprovers", 2L));
        facts.put("factsheet", Map.of("generated", true));
        facts.put("gate", Map.of("kind", "production-alias"));
        if (!PolicyEvaluation.evaluate(policies, facts).allowed()) {
            throw new IllegalStateException("the bench's facts should pass");
        }
        time("policy decision, " + policies.size() + " built-in policies (CEL, compiled once)", 20_000, 200_000,
                i -> PolicyEvaluation.evaluate(policies, facts));
    }

    /**
     * What catalog-service waits for before it moves a production alias: the gate asked over gRPC, no gateway, as
     * the client sees it and as the service times it (fmp_governance_gate_decisions_seconds, from the call's start
     * in the service to the commit of its record; its buckets counted before and after each phase). Paced at 20
     * decisions a second once the warm-up's events are in the audit log (alias moves and deployments are rare
     * events), then back to back (one client, the next question as soon as the answer is there: every decision's
     * audited event keeps the relay, Kafka and the audit consumer busy on the same cores).
     */
    static void gateAtTheService(String target, String model, String metrics, Runnable settle) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            GovernanceServiceGrpc.GovernanceServiceBlockingStub governance = GovernanceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(ServiceCredential.as(Principal.service("catalog-service")));
            DecideGateRequest request = DecideGateRequest.newBuilder().setGate("production-alias").setModelId(model).build();
            for (int i = 0; i < 300; i++) {
                governance.decideGate(request);
            }
            settle.run();
            Map<String, Double> before = buckets(metrics);
            long[] paced = new long[600];
            long next = System.nanoTime();
            for (int i = 0; i < paced.length; i++) {
                next += 50_000_000L;
                long start = System.nanoTime();
                governance.decideGate(request);
                paced[i] = System.nanoTime() - start;
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
            report("gate decision at governance-service (gRPC, 20 a second)", paced);
            Map<String, Double> between = buckets(metrics);
            serviceShare("  the same inside governance-service, commit included", before, between);
            time("gate decision at governance-service (gRPC, 1 client, back to back)", 0, 2_000,
                    i -> governance.decideGate(request));
            serviceShare("  the same inside governance-service, commit included", between, buckets(metrics));
        } finally {
            channel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The cumulative bucket counts of the service's gate timer: le (seconds, as written) -> count. */
    private static Map<String, Double> buckets(String metrics) {
        String exposition = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(metrics)).build());
        Map<String, Double> counts = new java.util.TreeMap<>();
        exposition.lines().filter(l -> l.startsWith("fmp_governance_gate_decisions_seconds_bucket{")).forEach(l -> {
            String le = l.substring(l.indexOf("le=\"") + 4, l.indexOf('"', l.indexOf("le=\"") + 4));
            counts.put(le, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
        });
        if (counts.isEmpty()) {
            throw new IllegalStateException("no fmp_governance_gate_decisions_seconds buckets at " + metrics);
        }
        return counts;
    }

    /** Between two readings: the share of decisions within each bucket, and the bucket that holds 99 %. */
    private static void serviceShare(String what, Map<String, Double> from, Map<String, Double> to) {
        double total = to.get("+Inf") - from.get("+Inf");
        StringBuilder shares = new StringBuilder();
        String p99 = "+Inf";
        for (String le : to.keySet().stream().filter(k -> !k.equals("+Inf"))
                .sorted(java.util.Comparator.comparingDouble(Double::parseDouble)).toList()) {
            double share = (to.get(le) - from.getOrDefault(le, 0.0)) / total;
            shares.append(String.format("  <= %s ms: %.1f %%", trim(Double.parseDouble(le) * 1000), share * 100));
            if (p99.equals("+Inf") && share >= 0.99) {
                p99 = trim(Double.parseDouble(le) * 1000) + " ms";
            }
        }
        System.out.printf("%-72s p99 <= %s;%s (%,.0f decisions)%n", what, p99, shares, total);
    }

    private static String trim(double millis) {
        return millis == Math.rint(millis) ? Long.toString((long) millis) : Double.toString(millis);
    }

    static void service(String gateway, String model, String kafka, int events) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String authorization = GatewayCredential.authorization();
        HttpRequest gate = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/gates/production-alias/decisions"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"modelId\":\"" + model + "\"}")).build();
        time("gate decision through the gateway (1 client)", 300, 2_000, i -> send(http, gate));
        // every decision is an audited event: let the log take them in before proofs are measured at rest
        long size = settled(http, gateway, authorization);
        HttpRequest proof = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/audit/proofs/inclusion?index="
                + (size / 2) + "&treeSize=" + size)).header("Authorization", authorization).build();
        time("inclusion proof through the gateway at " + size + " records (1 client)", 300, 2_000, i -> send(http, proof));

        long before = treeSize(http, gateway, authorization);
        Instant started = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String subject = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(Topics.EVAL, subject, EventCodec.encode(new EventEnvelope(
                        UUID.randomUUID().toString(), EventTypes.EVAL_ENDPOINT_REFUSED, "eval-service", subject,
                        Instant.now(), null, EventCodec.toData(new EvalEndpointRefused(subject, "http://10.0.0.7:8000",
                        null, "bench", "a private address"))))));
            }
            producer.flush();
        }
        double sent = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        // from here on the producer is done: what the log takes in is governance-service's work alone
        long atSent = treeSize(http, gateway, authorization);
        Instant sentAt = Instant.now();
        long now;
        do {
            Thread.sleep(200);
            now = treeSize(http, gateway, authorization);
        } while (now < before + events);
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        double tail = Duration.between(sentAt, Instant.now()).toMillis() / 1000.0;
        System.out.printf("audit append from Kafka (consume, chain, insert, Merkle leaf): %,d events in %.1f s = "
                + "%,.0f records/s (all sent after %.1f s); after the last was sent: %,d in %.1f s = %,.0f records/s%n",
                events, seconds, events / seconds, sent, before + events - atSent, tail, (before + events - atSent) / tail);
    }

    /** The audit log's size once it stopped growing (the events of what was measured before are all in). */
    static long settled(HttpClient http, String gateway, String authorization) {
        long size = treeSize(http, gateway, authorization);
        for (long before = -1; before != size; ) {
            before = size;
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            size = treeSize(http, gateway, authorization);
        }
        return size;
    }

    private static long treeSize(HttpClient http, String gateway, String authorization) {
        String note = send(http, HttpRequest.newBuilder(URI.create(gateway + "/api/v1/audit/checkpoint"))
                .header("Authorization", authorization).build());
        return Long.parseLong(note.split("\n")[1]);
    }

    private static String send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code work} warm-up times, then measures each of {@code runs} calls: p50, p99, max. */
    static void time(String what, int warmUp, int runs, IntConsumer work) {
        for (int i = 0; i < warmUp; i++) {
            work.accept(i);
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.accept(i);
            nanos[i] = System.nanoTime() - start;
        }
        report(what, nanos);
    }

    static void report(String what, long[] nanos) {
        int runs = nanos.length;
        Arrays.sort(nanos);
        System.out.printf("%-72s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  (%,d runs)%n", what, nanos[runs / 2] / 1e6,
                nanos[(int) (runs * 0.99)] / 1e6, nanos[runs - 1] / 1e6, runs);
    }
}
