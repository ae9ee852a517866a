package io.fmp.bench;

import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.ImportModelsRequest;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ModelSort;
import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.Recommendation;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.catalog.v1.SearchModelsResponse;
import io.fmp.contracts.catalog.v1.SelectionConstraints;
import io.fmp.contracts.catalog.v1.SelectionWeights;
import io.fmp.contracts.catalog.v1.UseCaseProfile;
import io.fmp.contracts.catalog.v1.Workload;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.grpc.ManagedChannel;
import io.fmp.contracts.identity.Principal;
import io.grpc.ManagedChannelBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Search and recommend latency of catalog-service itself (gRPC, no gateway hop) with a large
 * catalog. Imports N synthetic cards (catalog YAML, 500 per call), publishes eval.completed results
 * for the text-classification ones to Kafka (so recommend weighs real quality and latency), waits
 * until the catalog has them and the machine is idle again, then times searches and recommendations
 * from one client, one call at a time, after a warm-up. Also times single registrations (whose answer
 * already reads the refreshed snapshot) and the search that follows each.
 *
 * Usage (deploy/bench/catalog-service.sh builds the classpath):
 *   java -cp CLASSPATH deploy/bench/CatalogServiceBench.java [catalog host:port] [kafka] [models] [requests]
 */
public class CatalogServiceBench {

    static final String[] TASKS = {"text-generation", "text-classification", "summarization", "translation"};
    static final String[] LICENSES = {"apache-2.0", "mit", "llama3.1", "cc-by-nc-4.0", "gemma"};
    static final String[] OPTIONS = {"on-prem", "cloud", "hybrid", "edge"};

    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "localhost:9081";
        String kafka = args.length > 1 ? args[1] : "localhost:9092";
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        CatalogServiceGrpc.CatalogServiceBlockingStub catalog = CatalogServiceGrpc.newBlockingStub(channel)
                .withInterceptors(ServiceCredential.as(Principal.service("bench")));
        Random random = new Random(42);
        String run = Long.toString(System.currentTimeMillis(), 36);
        String suite = "bench-suite-" + run;

        long importStart = System.nanoTime();
        List<String> classifiers = new ArrayList<>();
        for (int from = 0; from < models; from += 500) {
            StringBuilder yaml = new StringBuilder("apiVersion: fmp.io/v1\nkind: ModelCatalog\nmodels:\n");
            for (int i = from; i < Math.min(models, from + 500); i++) {
                yaml.append("  - {name: \"bench-").append(run).append('-').append(i).append("\", provider: p")
                        .append(i % 50).append(", version: \"1\", parameterCount: ")
                        .append(1_000_000L + random.nextInt(100_000) * 1_000_000L)
                        .append(", license: ").append(LICENSES[i % LICENSES.length])
                        .append(", contextWindow: ").append(512 << (i % 8))
                        .append(", tasks: [").append(TASKS[i % TASKS.length]).append("], facts: {deploymentOptions: [")
                        .append(OPTIONS[(i / 4) % 4]).append(", ").append(OPTIONS[(i / 4 + 1) % 4]).append("], tags: [t")
                        .append(i % 100).append("], languages: [en], description: \"synthetic card ").append(i)
                        .append("\"}}\n");
            }
            for (ModelCard card : catalog.importModels(ImportModelsRequest.newBuilder()
                    .setCatalogYaml(yaml.toString()).build()).getImportedList()) {
                if (card.getCard().getTasksList().contains("text-classification")) {
                    classifiers.add(card.getId());
                }
            }
        }
        System.out.printf("imported %d models in %.1f s%n", models, (System.nanoTime() - importStart) / 1e9);

        long evalStart = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka,
                "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (String id : classifiers) {
                EventEnvelope event = new EventEnvelope(UUID.randomUUID().toString(), EventTypes.EVAL_COMPLETED,
                        "bench", id, Instant.now(), null, EventCodec.toData(new EvalCompleted(UUID.randomUUID().toString(),
                        id, suite, "accuracy", 0.5 + random.nextInt(500) / 1000.0, 5.0 + random.nextInt(200), 3080, 1, null, null, null)));
                producer.send(new ProducerRecord<>(Topics.EVAL, id, EventCodec.encode(event)));
            }
        }
        RecommendRequest demo = RecommendRequest.newBuilder().setProfile(UseCaseProfile.newBuilder()
                .setName("route banking customer queries").setTask("text-classification")
                .setConstraints(SelectionConstraints.newBuilder().setDeploymentMode(DeploymentOption.ON_PREM)
                        .setCommercialUse(true).setMaxP95LatencyMs(50))
                .setWeights(SelectionWeights.newBuilder().setQuality(0.5).setSpeed(0.2).setCost(0.2).setRisk(0.1))
                .setQualitySuite(suite)
                .setWorkload(Workload.newBuilder().setRequestsPerMonth(1_000_000).setInputTokens(30).setOutputTokens(1)))
                .build();
        // every measured classifier passes a latency limit nobody exceeds; unmeasured ones do not
        RecommendRequest probe = RecommendRequest.newBuilder().setProfile(UseCaseProfile.newBuilder()
                .setTask("text-classification").setQualitySuite(suite)
                .setConstraints(SelectionConstraints.newBuilder().setMaxP95LatencyMs(1e9))
                .setWeights(SelectionWeights.newBuilder().setQuality(1))).setLimit(1).setExcludedLimit(0).build();
        while (catalog.recommend(probe).getRankedTotal() < classifiers.size()) {
            Thread.sleep(500);
        }
        Recommendation r = catalog.recommend(demo);
        System.out.printf("%d eval results in the read model after %.1f s; demo profile: %d ranked, %d excluded %s%n",
                classifiers.size(), (System.nanoTime() - evalStart) / 1e9, r.getRankedTotal(), r.getExcludedTotal(),
                r.getExcludedByConstraintMap());

        List<SearchModelsRequest> searches = List.of(
                SearchModelsRequest.newBuilder().setTask("text-classification").setCommercialUse(true).setPageSize(20).build(),
                SearchModelsRequest.newBuilder().setText("bench").setDeploymentOption(DeploymentOption.EDGE)
                        .setMinContextWindow(4096).setSort(ModelSort.MODEL_SORT_PARAMETERS).setDescending(true)
                        .setPageSize(20).build(),
                SearchModelsRequest.newBuilder().setTag("t7").setLanguage("en").setPageSize(50).build(),
                SearchModelsRequest.newBuilder().setProvider("p3").setSort(ModelSort.MODEL_SORT_CONTEXT_WINDOW)
                        .setPageSize(20).build());
        // the import's events keep the other services busy for a while (audit chain, read models);
        // on a shared 2-core machine they would be measured too, so wait until the machine is idle
        awaitIdleMachine();
        SearchModelsResponse firstPage = catalog.searchModels(searches.get(0));
        SearchModelsRequest secondPage = searches.get(0).toBuilder().setPageToken(firstPage.getNextPageToken()).build();
        RecommendRequest open = RecommendRequest.newBuilder().setProfile(UseCaseProfile.newBuilder()
                .setTask("text-generation").setWeights(SelectionWeights.newBuilder().setQuality(1).setCost(1))
                .setWorkload(demo.getProfile().getWorkload())).build();

        IntFunction<Object> search = i -> i % 5 == 4 ? catalog.searchModels(secondPage)
                : catalog.searchModels(searches.get(i % 4));
        time("warm-up", requests / 2, search);
        time("warm-up", requests / 10, i -> catalog.recommend(demo));
        time("search (4 filter mixes + a cursor page, 20-50 per page)", requests, search);
        time("recommend, demo profile (banking, on-prem, commercial, p95 < 50 ms, .5/.2/.2/.1)", requests / 4,
                i -> catalog.recommend(demo));
        time("recommend, open profile (text-generation, no constraints, every model ranked)", requests / 4,
                i -> catalog.recommend(open));

        // a write's own answer reads the snapshot, so the registration pays for it catching up
        long[] registrations = new long[50];
        long[] afterWrite = new long[registrations.length];
        for (int i = 0; i < afterWrite.length; i++) {
            long registered = System.nanoTime();
            catalog.registerModel(RegisterModelRequest.newBuilder().setCard(io.fmp.contracts.catalog.v1.ModelCardSpec
                    .newBuilder().setName("bench-write-" + run + "-" + i).setProvider("p").setVersion("1")
                    .setParameterCount(1_000_000).setLicense("mit").setContextWindow(512).addTasks("fill-mask")).build());
            long start = System.nanoTime();
            registrations[i] = start - registered;
            catalog.searchModels(searches.get(0));
            afterWrite[i] = System.nanoTime() - start;
        }
        report("register one card (transaction, outbox, snapshot refresh with index rebuild)", registrations);
        report("search right after that registration", afterWrite);
        channel.shutdownNow();
    }

    static void awaitIdleMachine() throws Exception {
        long start = System.nanoTime();
        while (Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]) > 0.5) {
            Thread.sleep(2_000);
        }
        System.out.printf("machine idle (1-minute load <= 0.5) after %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    static void time(String what, int n, IntFunction<Object> call) {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.apply(i);
            nanos[i] = System.nanoTime() - start;
        }
        if (!what.equals("warm-up")) {
            report(what, nanos);
        }
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %d | %.2f | %.2f | %.2f | %.2f |%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.9) - 1] / 1e6,
                sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
