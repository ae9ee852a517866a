package io.fmp.bench;

import io.fmp.contracts.events.EvalEndpointRefused;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.transparency.Checkpoint;
import io.fmp.contracts.transparency.MerkleLog;
import io.fmp.contracts.transparency.MerkleTree;
import io.fmp.contracts.transparency.NoteSigner;
import io.fmp.governance.policies.BuiltInPolicies;
import io.fmp.governance.policies.PolicyEvaluation;
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
import java.util.function.IntConsumer;

/**
 * Governance's numbers. In the process: the audit log's Merkle tree at 1,000,000 records (appends, checkpoint
 * signing, inclusion and consistency proofs) and a policy decision over the built-in policies. Against a running
 * suite (./fmp up), when a gateway URL is given: gate decisions and inclusion proofs through the gateway, and the
 * rate at which governance-service appends events it consumes from Kafka to the audit log.
 *
 * Usage: deploy/bench/run.sh GovernanceBench [records, default 1000000] [gateway URL] [model id for the gate]
 *        [Kafka bootstrap, default localhost:9092] [events to append, default 20000]
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

    static void service(String gateway, String model, String kafka, int events) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String authorization = GatewayCredential.authorization();
        HttpRequest gate = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/gates/production-alias/decisions"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"modelId\":\"" + model + "\"}")).build();
        time("gate decision through the gateway (1 client)", 300, 2_000, i -> send(http, gate));
        // every decision is an audited event: let the log take them in before proofs are measured at rest
        long size = treeSize(http, gateway, authorization);
        for (long settled = -1; settled != size; ) {
            settled = size;
            Thread.sleep(2_000);
            size = treeSize(http, gateway, authorization);
        }
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
        long now;
        do {
            Thread.sleep(200);
            now = treeSize(http, gateway, authorization);
        } while (now < before + events);
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        System.out.printf("audit append from Kafka (consume, chain, insert, Merkle leaf): %,d events in %.1f s = "
                + "%,.0f records/s (all sent after %.1f s)%n", events, seconds, events / seconds, sent);
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
        Arrays.sort(nanos);
        System.out.printf("%-72s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  (%,d runs)%n", what, nanos[runs / 2] / 1e6,
                nanos[(int) (runs * 0.99)] / 1e6, nanos[runs - 1] / 1e6, runs);
    }
}
