package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.tuning.v1.CancelJobRequest;
import io.fmp.contracts.tuning.v1.DatasetRef;
import io.fmp.contracts.tuning.v1.GetJobMetricsRequest;
import io.fmp.contracts.tuning.v1.GetJobRequest;
import io.fmp.contracts.tuning.v1.Hyperparameters;
import io.fmp.contracts.tuning.v1.JobMetrics;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.ListJobsRequest;
import io.fmp.contracts.tuning.v1.LoraSpec;
import io.fmp.contracts.tuning.v1.MetricPoint;
import io.fmp.contracts.tuning.v1.MetricSeries;
import io.fmp.contracts.tuning.v1.Resources;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.contracts.tuning.v1.TuningMethod;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.testing.Eventually;
import io.fmp.tuning.support.TuningTestSupport;
import io.fmp.tuning.support.UpstreamServices;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GPU jobs against the fabric8 Kubernetes mock API server: the rendered Job field by field, Kueue
 * admission, an unschedulable pod, the trainer's log becoming loss curves and progress, completion
 * into a registered adapter, retry after a preempted pod, a permanent failure, and cancel.
 */
@QuarkusTest
@WithKubernetesTestServer
class KubernetesJobsTest {

    private static final String NAMESPACE = "test";

    @KubernetesTestServer
    KubernetesServer server;

    @GrpcClient("tuning")
    TuningServiceGrpc.TuningServiceBlockingStub tuning;

    @ConfigProperty(name = "fmp.tuning.kubernetes.workspace-mount")
    String workspace;

    private static JobSpec.Builder loraJob() {
        return JobSpec.newBuilder()
                .setBaseModelId(TuningTestSupport.decoder())
                .setMethod(TuningMethod.LORA)
                .setDataset(DatasetRef.newBuilder().setName(TuningTestSupport.SUPPORT_CHAT))
                .setHyperparameters(Hyperparameters.newBuilder().setEpochs(2).setLearningRate(1e-4))
                .setLora(LoraSpec.newBuilder().setR(8).setAlpha(16).addTargetModules("q_proj").addTargetModules("v_proj"))
                .setResources(Resources.newBuilder().setGpuProduct("H100-MIG-3g.40gb").setMemory("48Gi").setCpu("8"));
    }

    private NamespacedKubernetesClient cluster() {
        return server.getClient();
    }

    private Job awaitWorkload(String name) {
        return Eventually.await(() -> cluster().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get(),
                job -> job != null, Duration.ofSeconds(30));
    }

    private void awaitGone(String name) {
        Eventually.await(() -> cluster().batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get(),
                job -> job == null, Duration.ofSeconds(30));
    }

    private TuningJob awaitPhase(String id, String phase) {
        return Eventually.await(() -> tuning.getJob(GetJobRequest.newBuilder().setId(id).build()),
                job -> job.getProgress().getPhase().equals(phase), Duration.ofSeconds(30));
    }

    private Pod pod(String workload, String phase) {
        Pod pod = new PodBuilder().withNewMetadata().withName(workload + "-pod").withNamespace(NAMESPACE)
                .addToLabels("job-name", workload).endMetadata()
                .withNewSpec().addNewContainer().withName("trainer").withImage("trl").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build();
        Pod existing = cluster().pods().inNamespace(NAMESPACE).withName(pod.getMetadata().getName()).get();
        if (existing == null) {
            cluster().pods().inNamespace(NAMESPACE).resource(pod).create();
        }
        return cluster().pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }

    private void finish(String workload, String type, String reason) {
        Job job = cluster().batch().v1().jobs().inNamespace(NAMESPACE).withName(workload).get();
        Job ended = new JobBuilder(job).withNewStatus().withStartTime("2026-11-29T10:00:00Z")
                .withCompletionTime("2026-11-29T10:20:00Z")
                .addNewCondition().withType(type).withStatus("True").withReason(reason).withMessage(reason + " happened")
                .endCondition().endStatus().build();
        cluster().batch().v1().jobs().inNamespace(NAMESPACE).resource(ended).updateStatus();
    }

    /** The trainer's log as the pod's log endpoint serves it: everything written so far. */
    private final Map<String, String> logs = new java.util.concurrent.ConcurrentHashMap<>();

    private void log(String workload, String text) {
        String pod = workload + "-pod";
        if (logs.put(pod, text) == null) {
            server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod
                    + "/log?pretty=false&container=trainer&follow=true").andReply(200, request -> logs.get(pod)).always();
        }
    }

    @Test
    void aLoraJobRunsAsAGpuJobWhoseLogBecomesItsLossCurveAndItsAdapterIsRegistered() throws Exception {
        TuningJob submitted = tuning.submitJob(SubmitJobRequest.newBuilder()
                .setSpec(loraJob().setQueue("team-a").setOutputName("PIN helper")).build());
        String workload = "fmp-tune-" + submitted.getId().substring(0, 8) + "-0";
        Job job = awaitWorkload(workload);

        // the Job, field by field
        assertEquals(Map.of("app.kubernetes.io/managed-by", "fmp-tuning-service",
                "app.kubernetes.io/component", "trainer", "fmp.io/tuning-job", submitted.getId(),
                "kueue.x-k8s.io/queue-name", "team-a"), job.getMetadata().getLabels());
        assertEquals("lora", job.getMetadata().getAnnotations().get("fmp.io/method"));
        assertTrue(job.getSpec().getSuspend(), "suspended until Kueue admits it");
        assertEquals(2, job.getSpec().getBackoffLimit());
        assertEquals(3600, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals(List.of("Ignore", "FailJob"), job.getSpec().getPodFailurePolicy().getRules().stream()
                .map(r -> r.getAction()).toList());
        assertEquals("DisruptionTarget", job.getSpec().getPodFailurePolicy().getRules().get(0).getOnPodConditions()
                .get(0).getType());
        assertEquals(List.of(2), job.getSpec().getPodFailurePolicy().getRules().get(1).getOnExitCodes().getValues());
        var pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"), pod.getNodeSelector());
        assertEquals("nvidia.com/gpu", pod.getTolerations().get(0).getKey());
        assertEquals("Exists", pod.getTolerations().get(0).getOperator());
        assertEquals("NoSchedule", pod.getTolerations().get(0).getEffect());
        assertEquals("fmp-tuning-workspace", pod.getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        Container trainer = pod.getContainers().get(0);
        assertEquals("trainer", trainer.getName());
        assertEquals("huggingface/trl-latest-gpu@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
                trainer.getImage(), "pinned by the configured digest");
        // a trainer runs what its model and data bring: no root, no escalation, no capabilities, no API token
        assertFalse(pod.getAutomountServiceAccountToken());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertFalse(trainer.getSecurityContext().getAllowPrivilegeEscalation());
        assertFalse(trainer.getSecurityContext().getPrivileged());
        assertEquals(List.of("ALL"), trainer.getSecurityContext().getCapabilities().getDrop());
        // of the shared workspace only its own job directory (read-write) and the model cache (read-only)
        assertEquals(List.of("jobs/" + submitted.getId() + " rw", "models/hub ro"), trainer.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("workspace"))
                .map(m -> m.getSubPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : " rw")).toList());
        assertEquals(List.of("trl", "sft"), trainer.getCommand());
        String dir = "/workspace/jobs/" + submitted.getId();
        assertEquals(List.of("--model_name_or_path=meta-llama/Llama-3.1-8B-Instruct",
                "--dataset_name=" + dir + "/data", "--dataset_train_split=train", "--output_dir=" + dir + "/output",
                "--learning_rate=1.0E-4", "--num_train_epochs=2", "--per_device_train_batch_size=4",
                "--gradient_accumulation_steps=4", "--max_length=1024", "--weight_decay=0", "--seed=42",
                "--logging_steps=10", "--save_strategy=epoch", "--bf16", "--report_to=none",
                "--dataset_test_split=validation", "--eval_strategy=epoch", "--per_device_eval_batch_size=4",
                "--use_peft", "--lora_r=8", "--lora_alpha=16", "--lora_dropout=0.05",
                "--lora_target_modules", "q_proj", "v_proj"), trainer.getArgs());
        assertEquals(Map.of("nvidia.com/mig-3g.40gb", new Quantity("1"), "memory", new Quantity("48Gi")),
                trainer.getResources().getLimits());
        assertEquals(new Quantity("8"), trainer.getResources().getRequests().get("cpu"));
        var token = trainer.getEnv().stream().filter(e -> e.getName().equals("HF_TOKEN")).findFirst().orElseThrow();
        assertNull(token.getValue(), "the token only by reference");
        assertEquals("hf-token", token.getValueFrom().getSecretKeyRef().getName());
        assertEquals("token", token.getValueFrom().getSecretKeyRef().getKey());
        // the data the trainer reads, on the shared workspace
        List<String> train = Files.readAllLines(Path.of(workspace, "jobs", submitted.getId(), "data", "train.jsonl"));
        assertEquals(18, train.size());
        assertEquals("{\"prompt\":\"How do I reset PIN number 0?\",\"completion\":\"Open the app, choose Card, then "
                + "Reset PIN.\"}", train.get(0));

        awaitPhase(submitted.getId(), "queued-in-kueue");
        // Kueue admits it; the scheduler finds no GPU at first
        cluster().batch().v1().jobs().inNamespace(NAMESPACE).withName(workload)
                .edit(j -> new JobBuilder(j).editSpec().withSuspend(false).endSpec().build());
        // a pod the API server has not given a status yet
        cluster().pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(workload + "-pod")
                .withNamespace(NAMESPACE).addToLabels("job-name", workload).endMetadata().withNewSpec()
                .addNewContainer().withName("trainer").withImage("trl").endContainer().endSpec().build()).create();
        awaitPhase(submitted.getId(), "pending");
        Pod pending = pod(workload, "Pending");
        pending.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/4 nodes are available: 4 Insufficient nvidia.com/mig-3g.40gb.").build());
        cluster().pods().inNamespace(NAMESPACE).resource(pending).updateStatus();
        awaitPhase(submitted.getId(), "waiting-for-gpu");

        log(workload, """
                Loading checkpoint shards: 100%|██████████| 4/4 [00:03<00:00,  1.10it/s]
                  0%|          | 0/10 [00:00<?, ?it/s]\r 10%|█         | 1/10 [00:02<00:18,  2.00s/it]\
                {'loss': 2.125, 'grad_norm': np.float64(0.91), 'learning_rate': 0.0001, 'mean_token_accuracy': 0.41, 'epoch': 0.2}
                 50%|█████     | 5/10 [00:10<00:10,  2.00s/it]{'eval_loss': 1.75, 'eval_runtime': 1.2, 'eval_samples_per_second': 5.0, 'epoch': 1.0}
                 50%|█████     | 1/2 [00:00<00:00,  5.00it/s]
                {'loss': '1.5', 'learning_rate': 5e-05, 'epoch': 1.2}
                 70%|███████   | 7/10 [00:14<00:06,  2.00s/it]
                """);
        pod(workload, "Running");
        TuningJob training = Eventually.await(() -> tuning.getJob(GetJobRequest.newBuilder().setId(submitted.getId())
                .build()), j -> j.getProgress().getStep() == 7, Duration.ofSeconds(30));
        assertEquals("training", training.getProgress().getPhase());
        assertEquals(10, training.getProgress().getSteps());
        assertEquals(1.5, training.getProgress().getLoss());
        assertEquals(1.75, training.getProgress().getEvalLoss());
        assertEquals(6, training.getProgress().getEtaSeconds(), "the bar's ETA");
        assertTrue(training.getProgress().getPercent() > 60 && training.getProgress().getPercent() < 75);

        log(workload, logs.get(workload + "-pod") + """
                 100%|██████████| 10/10 [00:20<00:00,  2.00s/it]{'eval_loss': 1.5, 'eval_runtime': 1.1, 'epoch': 2.0}
                {'train_runtime': 20.5, 'train_samples_per_second': 1.76, 'train_loss': 1.8, 'epoch': 2.0}
                """);
        pod(workload, "Succeeded");
        finish(workload, "Complete", "CompletionsReached");
        TuningJob done = TuningTestSupport.await(tuning, submitted.getId(), JobState.SUCCEEDED, Duration.ofSeconds(30));

        JobMetrics metrics = tuning.getJobMetrics(GetJobMetricsRequest.newBuilder().setJobId(done.getId()).build());
        Map<String, List<MetricPoint>> series = metrics.getSeriesList().stream()
                .collect(java.util.stream.Collectors.toMap(MetricSeries::getName, MetricSeries::getPointsList));
        assertEquals(List.of(1L, 5L), series.get("loss").stream().map(MetricPoint::getStep).toList());
        assertEquals(List.of(2.125, 1.5), series.get("loss").stream().map(MetricPoint::getValue).toList());
        assertEquals(List.of(1.75, 1.5), series.get("eval_loss").stream().map(MetricPoint::getValue).toList());
        assertEquals(List.of(1.0, 2.0), series.get("eval_loss").stream().map(MetricPoint::getEpoch).toList());
        assertEquals(0.91, series.get("grad_norm").get(0).getValue());
        assertFalse(series.containsKey("eval_runtime"), "timings are not curves");
        assertEquals(1.8, done.getFinalMetricsOrThrow("train_loss"));
        assertEquals(1200, done.getFinalMetricsOrThrow("gpu_seconds"), "20 minutes on one MIG slice");
        assertEquals(1200.0 / 3600 * 2.0, done.getActual().getUsd(), 1e-9);

        ModelCard model = UpstreamServices.MODELS.get(done.getResultModelId());
        assertEquals("PIN helper", model.getCard().getName());
        assertEquals(ArtifactKind.ADAPTER, model.getCard().getLineage().getArtifactKind());
        assertEquals("pvc://fmp-tuning-workspace/jobs/" + done.getId() + "/output",
                model.getCard().getLineage().getArtifactUri());
        assertTrue(model.getCard().getPropertiesOrThrow("fmp:tuning.lora").contains("\"targetModules\":[\"q_proj\",\"v_proj\"]"));
        assertTrue(model.getCard().getPropertiesOrThrow("fmp:tuning.code-version")
                .contains("image huggingface/trl-latest-gpu@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"
                        + " (trl sft)"), "the code version names the exact image");
        awaitGone(workload);
    }

    @Test
    void aProjectsQuotasRefuseAJobBeforeAnythingIsQueuedAndNameTheLimitTheUseAndTheReset() {
        // test settings: project "frugal" may use 0.000001 GPU-hours a month, project "single" one job at a time
        Principal frugal = new Principal("key:frugal", "frugal", List.of(Principal.CONTRIBUTOR), false);
        StatusRuntimeException overBudget = assertThrows(StatusRuntimeException.class, () -> Callers.as(frugal,
                () -> tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(loraJob()).build())));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, overBudget.getStatus().getCode());
        assertTrue(GrpcErrors.isQuotaFailure(overBudget));
        String budget = overBudget.getStatus().getDescription();
        LocalDate nextMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        assertTrue(budget.contains("gpu-hours-per-month: 0.000001 GPU-hours allowed, 0 GPU-hours used, and this request needs")
                && budget.contains("resets on " + nextMonth), budget);
        assertEquals(0, Callers.as(frugal, () -> tuning.listJobs(ListJobsRequest.getDefaultInstance())).getJobsList()
                .stream().filter(job -> job.getProject().equals("frugal")).count(), "nothing was queued");

        Principal single = new Principal("key:single", "single", List.of(Principal.CONTRIBUTOR), false);
        TuningJob first = Callers.as(single, () -> tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(loraJob())
                .build()));
        assertEquals("single", first.getProject());
        StatusRuntimeException overConcurrency = assertThrows(StatusRuntimeException.class, () -> Callers.as(single,
                () -> tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(loraJob()).build())));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, overConcurrency.getStatus().getCode());
        assertTrue(overConcurrency.getStatus().getDescription().contains("concurrent-tuning-jobs: 1 allowed, 1 used;"),
                overConcurrency.getStatus().getDescription());
        // another project does not see the job, nor may it cancel it
        Principal stranger = new Principal("key:stranger", "elsewhere", List.of(Principal.CONTRIBUTOR), false);
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> Callers.as(stranger,
                () -> tuning.cancelJob(CancelJobRequest.newBuilder().setId(first.getId()).build()))).getStatus().getCode());
        assertEquals(JobState.CANCELLED, Callers.as(single, () -> tuning.cancelJob(CancelJobRequest.newBuilder()
                .setId(first.getId()).build())).getState());
        awaitGone("fmp-tune-" + first.getId().substring(0, 8) + "-0");
    }

    @Test
    void aPreemptedJobIsRetriedAndACancelledOneIsDeleted() {
        TuningJob submitted = tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(loraJob().setMethod(TuningMethod.QLORA)
                .setLora(LoraSpec.newBuilder().setR(16)).setResources(Resources.getDefaultInstance())).build());
        assertEquals("A100-40GB", submitted.getSpec().getResources().getGpuProduct(),
                "the cheapest profile that holds a 4-bit 8B model");
        String first = "fmp-tune-" + submitted.getId().substring(0, 8) + "-0";
        Job job = awaitWorkload(first);
        List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertEquals(List.of("--load_in_4bit", "--bnb_4bit_quant_type=nf4"), args.subList(args.size() - 2,
                args.size()));
        assertFalse(job.getSpec().getSuspend(), "no queue: it starts at once");

        Pod preempted = pod(first, "Failed");
        preempted.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                .withType("DisruptionTarget").withStatus("True").withReason("PreemptionByScheduler").build());
        cluster().pods().inNamespace(NAMESPACE).resource(preempted).updateStatus();
        log(first, "");
        finish(first, "Failed", "BackoffLimitExceeded");

        String second = "fmp-tune-" + submitted.getId().substring(0, 8) + "-1";
        awaitWorkload(second);
        awaitGone(first);
        Eventually.await(() -> tuning.getJob(GetJobRequest.newBuilder().setId(submitted.getId()).build())
                .getKubernetesJob(), second::equals, Duration.ofSeconds(30));

        TuningJob cancelled = tuning.cancelJob(CancelJobRequest.newBuilder().setId(submitted.getId()).build());
        assertEquals(JobState.CANCELLED, cancelled.getState());
        awaitGone(second);
    }

    @Test
    void aTrainerThatRefusesItsArgumentsFailsTheJobWithoutRetrying() {
        TuningJob submitted = tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(loraJob()).build());
        String workload = "fmp-tune-" + submitted.getId().substring(0, 8) + "-0";
        awaitWorkload(workload);
        Pod failed = pod(workload, "Failed");
        failed.getStatus().getContainerStatuses().add(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                .withName("trainer").withNewState().withNewTerminated().withExitCode(2).withReason("Error")
                .withMessage("sft: error: unrecognized arguments: --max_length").endTerminated().endState().build());
        cluster().pods().inNamespace(NAMESPACE).resource(failed).updateStatus();
        log(workload, "usage: trl sft ...\n");
        finish(workload, "Failed", "PodFailurePolicy");

        TuningJob done = TuningTestSupport.await(tuning, submitted.getId(), JobState.FAILED, Duration.ofSeconds(30));
        assertTrue(done.getError().contains("Error, exit code 2: sft: error: unrecognized arguments: --max_length"),
                done.getError());
        assertTrue(done.getError().endsWith("which no retry fixes"), done.getError());
        assertNull(cluster().batch().v1().jobs().inNamespace(NAMESPACE).withName(workload.replace("-0", "-1")).get());
    }
}
