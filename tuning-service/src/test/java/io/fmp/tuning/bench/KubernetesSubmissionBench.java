package io.fmp.tuning.bench;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.tuning.v1.DatasetRef;
import io.fmp.contracts.tuning.v1.GetJobRequest;
import io.fmp.contracts.tuning.v1.Hyperparameters;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.LoraSpec;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.contracts.tuning.v1.TuningMethod;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.fmp.platform.testing.Eventually;
import io.fmp.tuning.support.TuningTestSupport;
import io.fmp.tuning.support.UpstreamServices;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark, not a test (its name matches none of the build's test patterns, so it runs only when
 * named: {@code ./mvnw -pl tuning-service test -Dtest=KubernetesSubmissionBench}): N LoRA jobs submitted at once over gRPC to
 * tuning-service with the Kubernetes executor, against the fabric8 mock API server (CRUD mode) and a
 * simulated cluster that runs every Job it sees to completion (a trainer log, the pod Succeeded, the
 * Job Complete). Reports submission latency, when the cluster had every Job, when every job was
 * registered; checks that nothing was lost or duplicated (every submission is one job, a repeated
 * submission with the same key is the same job, each job ran as exactly one cluster Job and
 * registered exactly one model).
 */
@QuarkusTest
@WithKubernetesTestServer
class KubernetesSubmissionBench {

    private static final int JOBS = Integer.getInteger("fmp.bench.jobs", 100);
    private static final String NAMESPACE = "test";

    @KubernetesTestServer
    KubernetesServer server;

    @GrpcClient("tuning")
    TuningServiceGrpc.TuningServiceBlockingStub tuning;

    private final Set<String> simulated = ConcurrentHashMap.newKeySet();

    @Test
    void concurrentKubernetesSubmissions() throws Exception {
        JobSpec spec = JobSpec.newBuilder().setBaseModelId(TuningTestSupport.decoder()).setMethod(TuningMethod.LORA)
                .setDataset(DatasetRef.newBuilder().setName(TuningTestSupport.SUPPORT_CHAT))
                .setHyperparameters(Hyperparameters.newBuilder().setEpochs(1))
                .setLora(LoraSpec.newBuilder().setR(8).addTargetModules("q_proj")).build();
        ScheduledExecutorService cluster = Executors.newSingleThreadScheduledExecutor();
        cluster.scheduleWithFixedDelay(this::runNewJobs, 50, 50, TimeUnit.MILLISECONDS);
        ExecutorService clients = Executors.newFixedThreadPool(JOBS);
        try {
            System.out.printf(Locale.ROOT, "%n%d concurrent LoRA submissions to tuning-service (Kubernetes executor,"
                    + " 50 slots), fabric8 mock API server; cores %d%n", JOBS, Runtime.getRuntime().availableProcessors());
            // the first round meets a JVM that just started; the second one a warm one
            round("first round (cold JVM)", "cold-", spec, clients);
            round("second round", "warm-", spec, clients);
        } finally {
            cluster.shutdownNow();
            clients.shutdownNow();
        }
    }

    private void round(String title, String keyPrefix, JobSpec spec, ExecutorService clients) throws Exception {
        long start = System.nanoTime();
        List<Future<Long>> calls = new ArrayList<>();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < JOBS; i++) {
            String key = keyPrefix + i;
            calls.add(clients.submit(() -> {
                long sent = System.nanoTime();
                ids.add(tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).setIdempotencyKey(key).build())
                        .getId());
                return System.nanoTime() - sent;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> call : calls) {
            latencies.add(call.get());
        }
        long accepted = System.nanoTime();
        assertEquals(JOBS, new HashSet<>(ids).size(), "one job per submission");

        // the same submissions again, at once: the same jobs
        List<Future<String>> again = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String key = keyPrefix + i;
            again.add(clients.submit(() -> tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(spec)
                    .setIdempotencyKey(key).build()).getId()));
        }
        Set<String> repeated = new HashSet<>();
        for (Future<String> id : again) {
            repeated.add(id.get());
        }
        assertEquals(Set.copyOf(ids), repeated, "a repeated submission is the same job");

        Set<String> workloads = new HashSet<>();
        ids.forEach(id -> workloads.add("fmp-tune-" + id.substring(0, 8) + "-0"));
        long allInCluster = 0;
        while (true) {
            List<TuningJob> jobs = ids.stream().map(id -> tuning.getJob(GetJobRequest.newBuilder().setId(id).build()))
                    .toList();
            if (allInCluster == 0 && simulated.containsAll(workloads)) {
                allInCluster = System.nanoTime();
            }
            if (jobs.stream().allMatch(j -> j.getState() == JobState.SUCCEEDED)) {
                break;
            }
            if (jobs.stream().anyMatch(j -> j.getState() == JobState.FAILED)) {
                throw new AssertionError("a job failed: " + jobs.stream()
                        .filter(j -> j.getState() == JobState.FAILED).findFirst().orElseThrow());
            }
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                throw new AssertionError("not all jobs finished in 10 minutes");
            }
            Thread.sleep(100);
        }
        long finished = System.nanoTime();

        List<ModelCard> registered = UpstreamServices.REGISTERED.stream()
                .filter(m -> ids.contains(m.getCard().getLineage().getTuningJobId())).toList();
        assertEquals(JOBS, registered.size(), "one model per job");
        assertEquals(JOBS, registered.stream().map(m -> m.getCard().getLineage().getTuningJobId()).distinct().count());
        long retried = ids.stream().filter(id -> simulated.contains("fmp-tune-" + id.substring(0, 8) + "-1")).count();
        assertEquals(0, retried, "one cluster Job per job, none retried");

        latencies.sort(null);
        System.out.printf(Locale.ROOT, "  %s: submit latency ms p50 %.1f, p95 %.1f, max %.1f; all %d accepted after"
                        + " %.2f s, all Jobs created in the cluster after %.2f s, all succeeded and registered after"
                        + " %.2f s%n", title, ms(latencies.get(latencies.size() / 2)),
                ms(latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1)), ms(latencies.get(latencies.size() - 1)),
                JOBS, (accepted - start) / 1e9, (allInCluster - start) / 1e9, (finished - start) / 1e9);
        System.out.printf("    jobs %d, distinct %d, repeated submissions answered with the same job %d/%d, cluster"
                + " Jobs %d, retried 0, registered models %d, failed 0%n", ids.size(), new HashSet<>(ids).size(),
                repeated.size(), JOBS, workloads.size(), registered.size());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The simulated cluster: every new Job writes a short trainer log, its pod succeeds, the Job completes. */
    private void runNewJobs() {
        NamespacedKubernetesClient client = server.getClient();
        for (Job job : client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()) {
            String name = job.getMetadata().getName();
            if (!simulated.add(name)) {
                continue;
            }
            String pod = name + "-pod";
            server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod
                    + "/log?pretty=false&container=trainer&follow=true").andReturn(200, """
                    {'loss': 2.0, 'learning_rate': 0.0001, 'epoch': 0.5}
                    {'eval_loss': 1.5, 'epoch': 1.0}
                    {'train_runtime': 60.0, 'train_loss': 1.8, 'epoch': 1.0}
                    """).always();
            var created = client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod)
                    .withNamespace(NAMESPACE).addToLabels("job-name", name).endMetadata()
                    .withNewSpec().addNewContainer().withName("trainer").withImage("trl").endContainer().endSpec()
                    .build()).create();
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder(created).withNewStatus().withPhase("Succeeded")
                    .endStatus().build()).updateStatus();
            client.batch().v1().jobs().inNamespace(NAMESPACE).resource(new JobBuilder(job).withNewStatus()
                    .withStartTime("2026-11-29T10:00:00Z").withCompletionTime("2026-11-29T10:01:00Z")
                    .addNewCondition().withType("Complete").withStatus("True").withReason("CompletionsReached")
                    .endCondition().endStatus().build()).updateStatus();
        }
    }
}
