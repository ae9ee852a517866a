package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fmp.tuning.jobs.ExecutorKind;
import io.fmp.tuning.jobs.JobExecutor;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.ModelSources;
import io.fmp.tuning.jobs.TuningMethod;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerManifestsTest {

    static final JobSpec.Gpu H100 = new JobSpec.Gpu("H100-80GB", 80, "nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", false,
            700, 4);

    static JobSpec spec(TuningMethod method, int gpus, String queue, int patience) {
        return new JobSpec(new JobSpec.Base("b", "Mistral 7B", "0.3", "Mistral AI", "apache-2.0", 7_250_000_000L, 32768,
                null, "mistralai/Mistral-7B-v0.3"), method, new JobSpec.DatasetRef("d", 1),
                new JobSpec.Splits("train", "validation", 0, 0, 0, 42),
                new JobSpec.Hyperparameters(2e-5, 3, 2, 8, 2048, 0.01, 0, 0, 7),
                method == TuningMethod.QLORA ? new JobSpec.Lora(32, 64, 0.1, List.of(), true, "nf4") : null,
                new JobSpec.EarlyStopping(patience, "eval_loss", 0, false), new JobSpec.Resources(gpus, H100, null, null),
                ExecutorKind.KUBERNETES, queue, 0, null, "out");
    }

    static TrainerManifests.Cluster cluster(String promptTuning) {
        return new TrainerManifests.Cluster("ml", "registry.local/trl:0.19", List.of("trl", "sft"), promptTuning,
                List.of("--gradient_checkpointing"), "shared", "/data", "trainer-sa",
                List.of("nvidia.com/gpu:NoSchedule", "dedicated=gpu:NoExecute"), null, 1, 7200, 600, 5,
                "torch-distributed", new ModelSources(List.of("mistralai/"), List.of()));
    }

    @Test
    void remoteCodeIsTrustedOnlyForTheSourcesTheOperatorNamedAndAJobFromASourceNoLongerAllowedFails() {
        JobSpec mistral = spec(TuningMethod.QLORA, 1, null, 0);
        assertFalse(TrainerManifests.arguments("j", mistral, false, cluster(null)).contains("--trust_remote_code"));
        TrainerManifests.Cluster trusting = withSources(new ModelSources(List.of("mistralai/"), List.of("mistralai/")));
        assertTrue(TrainerManifests.arguments("j", mistral, false, trusting).contains("--trust_remote_code"));
        TrainerManifests.Cluster narrowed = withSources(new ModelSources(List.of("meta-llama/"), List.of()));
        JobExecutor.JobFailure failure = assertThrows(JobExecutor.JobFailure.class,
                () -> TrainerManifests.arguments("j", mistral, false, narrowed));
        assertEquals("base model mistralai/Mistral-7B-v0.3 is no longer among the allowed model sources (allowed are"
                + " meta-llama/)", failure.getMessage());
    }

    @Test
    void aConfiguredDigestPinsTheTrainerImage() {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        assertEquals("huggingface/trl-latest-gpu@" + digest,
                TrainerManifests.imageReference("huggingface/trl-latest-gpu:latest", digest));
        assertEquals("registry.local:5000/trl@" + digest, TrainerManifests.imageReference("registry.local:5000/trl", digest));
        assertEquals("registry.local:5000/trl:0.19", TrainerManifests.imageReference("registry.local:5000/trl:0.19", null));
        assertThrows(IllegalArgumentException.class, () -> TrainerManifests.imageReference("trl", "sha256:abc"));
    }

    private static TrainerManifests.Cluster withSources(ModelSources sources) {
        TrainerManifests.Cluster c = cluster(null);
        return new TrainerManifests.Cluster(c.namespace(), c.image(), c.command(), c.promptTuningCommand(),
                c.extraArgs(), c.workspaceClaim(), c.trainerMount(), c.serviceAccount(), c.tolerations(),
                c.hfTokenSecret(), c.backoffLimit(), c.activeDeadlineSeconds(), c.ttlSecondsAfterFinished(),
                c.loggingSteps(), c.trainJobRuntime(), sources);
    }

    @Test
    void fullFineTuningOnFourGpusWithEarlyStoppingKeepsTheBestEpochAndSpreadsOverTheGpus() {
        List<String> args = TrainerManifests.arguments("job-1", spec(TuningMethod.FULL, 4, null, 2), true,
                cluster(null));

        assertTrue(String.join(" ", args).contains("--load_best_model_at_end --metric_for_best_model=eval_loss"
                + " --greater_is_better=false"), String.join(" ", args));
        assertFalse(args.contains("--use_peft"), "full fine-tuning trains every weight");
        assertEquals(List.of("--num_processes=4", "--gradient_checkpointing"), args.subList(args.size() - 2,
                args.size()));
        assertTrue(args.contains("--learning_rate=2.0E-5"));
        assertTrue(args.contains("--dataset_name=/data/jobs/job-1/data"));
        // every value is inside its flag; the only words that are not flags are the target modules
        assertTrue(args.stream().allMatch(a -> a.startsWith("--")), String.join(" ", args));
    }

    @Test
    void qloraWithoutValidationNeitherEvaluatesNorStopsEarly() {
        List<String> args = TrainerManifests.arguments("job-2", spec(TuningMethod.QLORA, 1, null, 2), false,
                cluster(null));

        assertTrue(args.stream().noneMatch(a -> a.startsWith("--eval_strategy")));
        assertFalse(args.contains("--load_best_model_at_end"));
        int lora = args.indexOf("--use_peft");
        assertEquals(List.of("--use_peft", "--lora_r=32", "--lora_alpha=64", "--lora_dropout=0.1",
                "--lora_target_modules", "all-linear", "--load_in_4bit", "--bnb_4bit_quant_type=nf4"),
                args.subList(lora, lora + 8));
    }

    @Test
    void promptTuningRunsTheConfiguredCommandAndTolerationsReadBothForms() {
        assertEquals(List.of("python", "-m", "peft_prompt_tuning"), TrainerManifests.command(
                spec(TuningMethod.PROMPT_TUNING, 1, null, 0), cluster("python -m  peft_prompt_tuning")));
        List<Toleration> tolerations = GpuPlacement.tolerations(List.of("nvidia.com/gpu:NoSchedule",
                "dedicated=gpu:NoExecute"));
        assertEquals("Exists", tolerations.get(0).getOperator());
        assertNull(tolerations.get(0).getValue());
        assertEquals(List.of("dedicated", "Equal", "gpu", "NoExecute"), List.of(tolerations.get(1).getKey(),
                tolerations.get(1).getOperator(), tolerations.get(1).getValue(), tolerations.get(1).getEffect()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTrainJobCarriesTheSameTrainerAndIsWatchedByItsConditions() {
        GenericKubernetesResource trainJob = TrainerManifests.trainJob("fmp-tune-abc-0", "job-3",
                spec(TuningMethod.QLORA, 2, "research", 0), true, cluster(null));

        assertEquals("trainer.kubeflow.org/v1alpha1", trainJob.getApiVersion());
        assertEquals("TrainJob", trainJob.getKind());
        assertEquals("research", trainJob.getMetadata().getLabels().get("kueue.x-k8s.io/queue-name"));
        Map<String, Object> spec = (Map<String, Object>) trainJob.getAdditionalProperties().get("spec");
        assertEquals(true, spec.get("suspend"));
        assertEquals(Map.of("name", "torch-distributed"), spec.get("runtimeRef"));
        Map<String, Object> trainer = (Map<String, Object>) spec.get("trainer");
        assertEquals("registry.local/trl:0.19", trainer.get("image"));
        assertEquals(List.of("trl", "sft"), trainer.get("command"));
        assertEquals(TrainerManifests.arguments("job-3", spec(TuningMethod.QLORA, 2, "research", 0), true,
                cluster(null)), trainer.get("args"));
        assertEquals(Map.of("nvidia.com/gpu", "2"), ((Map<String, Object>) trainer.get("resourcesPerNode")).get("limits"));
        Map<String, Object> override = ((List<Map<String, Object>>) spec.get("podSpecOverrides")).get(0);
        assertEquals(List.of(Map.of("name", "node")), override.get("targetJobs"));
        assertEquals(Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"), override.get("nodeSelector"));
        assertEquals("trainer-sa", override.get("serviceAccountName"));
        assertEquals("shared", ((Map<String, Object>) ((Map<String, Object>) ((List<?>) override.get("volumes")).get(0))
                .get("persistentVolumeClaim")).get("claimName"));

        // the mock API server in CRUD mode, knowing the TrainJob resource as a cluster with Kubeflow Trainer does
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(new CustomResourceDefinitionContext.Builder()
                        .withGroup("trainer.kubeflow.org").withVersion("v1alpha1").withKind("TrainJob")
                        .withPlural("trainjobs").withScope("Namespaced").build())), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            Workload.TrainJobWorkload workload = new Workload.TrainJobWorkload(client, "ml", "fmp-tune-abc-0");
            workload.create("job-3", spec(TuningMethod.QLORA, 2, "research", 0), true, cluster(null));
            Workload.Status queued = workload.status();
            assertTrue(queued.suspended());
            assertFalse(queued.complete() || queued.failed());

            GenericKubernetesResource stored = client.genericKubernetesResources(Workload.TrainJobWorkload.TRAIN_JOB)
                    .inNamespace("ml").withName("fmp-tune-abc-0").get();
            client.genericKubernetesResources(Workload.TrainJobWorkload.TRAIN_JOB).inNamespace("ml")
                    .resource(new GenericKubernetesResourceBuilder(stored).addToAdditionalProperties("status", Map.of(
                            "conditions", List.of(
                                    Map.of("type", "Created", "status", "True", "reason", "JobSetCreated",
                                            "lastTransitionTime", "2026-11-29T10:00:00Z"),
                                    Map.of("type", "Complete", "status", "True", "reason", "JobSetCompleted",
                                            "message", "done", "lastTransitionTime", "2026-11-29T11:30:00Z"))))
                            .build()).update();
            Workload.Status done = workload.status();
            assertTrue(done.complete());
            assertEquals("JobSetCompleted", done.reason());
            assertEquals(5400, java.time.Duration.between(done.started(), done.finished()).toSeconds());

            workload.delete();
            assertNull(workload.status());
        } finally {
            server.destroy();
        }
    }
}
