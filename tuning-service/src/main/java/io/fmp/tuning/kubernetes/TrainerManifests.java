package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.fmp.tuning.jobs.JobExecutor;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.ModelSources;
import io.fmp.tuning.jobs.TuningMethod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders the cluster workload of a GPU tuning job: a {@code batch/v1} Job (or a Kubeflow Trainer
 * {@code TrainJob}) running Hugging Face TRL's {@code trl sft} with its PEFT and quantisation
 * flags, on the GPU profile the job was placed on (the resource, {@code nvidia.com/gpu} or a MIG
 * slice, and the {@code nvidia.com/gpu.product} node selector), tolerating GPU taints, in its Kueue
 * queue, with data and output on the shared workspace claim and secrets only by reference.
 */
public final class TrainerManifests {

    public static final String CONTAINER = "trainer";
    public static final String JOB_LABEL = "fmp.io/tuning-job";
    public static final String QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
    public static final String GPU_PRODUCT_LABEL = GpuPlacement.GPU_PRODUCT_LABEL;
    /** Exit code of Python's argument parser: a bad flag, which no retry fixes. */
    static final int USAGE_ERROR_EXIT = 2;

    /**
     * The cluster-side settings a manifest needs.
     *
     * @param image         the image reference pods run, with its digest where one is configured
     * @param hfTokenSecret {@code <secret>/<key>} or null
     * @param modelSources  where trainers may load base models from, and which may run their own code
     */
    public record Cluster(String namespace, String image, List<String> command, String promptTuningCommand,
                          List<String> extraArgs, String workspaceClaim, String trainerMount, String serviceAccount,
                          List<String> tolerations, String hfTokenSecret, int backoffLimit, long activeDeadlineSeconds,
                          int ttlSecondsAfterFinished, int loggingSteps, String trainJobRuntime,
                          ModelSources modelSources) {

        static Cluster of(KubernetesSettings s, String namespace) {
            return new Cluster(namespace, imageReference(s.image(), s.imageDigest().orElse(null)), s.command(),
                    s.promptTuningCommand().orElse(null), s.extraArgs().orElse(List.of()), s.workspaceClaim(),
                    s.trainerMount(), s.serviceAccount().orElse(null), s.tolerations(), s.hfTokenSecret().orElse(null),
                    s.backoffLimit(), s.activeDeadline().toSeconds(), (int) s.ttlAfterFinished().toSeconds(),
                    s.loggingSteps(), s.trainJobRuntime(), s.sources());
        }
    }

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** {@code image@digest} when a digest is given (checked), else the image as configured. */
    public static String imageReference(String image, String digest) {
        if (digest == null || digest.isBlank()) {
            return image;
        }
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("fmp.tuning.kubernetes.image-digest must be sha256:<64 lower-case hex"
                    + " digits>");
        }
        // a tag beside a digest only confuses readers: the runtime pulls by digest
        int slash = image.lastIndexOf('/');
        int at = image.indexOf('@');
        String name = at >= 0 ? image.substring(0, at) : image;
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name + "@" + digest;
    }

    private TrainerManifests() {
    }

    /** The job's directory on the workspace, relative to its mount. */
    /**
     * Base models the trainers load, on the workspace, filled by the operator (e.g. {@code huggingface-cli
     * download} from a pod with write access): trainers only read it.
     */
    static final String MODEL_CACHE = "models/hub";

    /** The user trainers run as; the Hugging Face TRL images run as any user. */
    static final long TRAINER_UID = 1000;

    public static String jobDirectory(String jobId) {
        return "jobs/" + jobId;
    }

    /** The trainer's command: TRL's, or the configured prompt-tuning one. */
    public static List<String> command(JobSpec spec, Cluster cluster) {
        return spec.method() == TuningMethod.PROMPT_TUNING
                ? List.of(cluster.promptTuningCommand().trim().split("\\s+")) : cluster.command();
    }

    /** {@code trl sft} arguments for the job; {@code validation} when there is a validation file. */
    public static List<String> arguments(String jobId, JobSpec spec, boolean validation, Cluster cluster) {
        String dir = cluster.trainerMount() + "/" + jobDirectory(jobId);
        String repository = spec.base().repository();
        if (!cluster.modelSources().allows(repository)) {
            // checked at submission too; the operator may have narrowed the list since
            throw new JobExecutor.JobFailure("base model " + repository + " is no longer among the allowed model"
                    + " sources (" + cluster.modelSources().describe() + ")");
        }
        JobSpec.Hyperparameters h = spec.hyperparameters();
        // every value travels in its flag (--name=value): none can be read as a flag of its own
        List<String> args = new ArrayList<>(List.of(
                flag("model_name_or_path", repository),
                flag("dataset_name", dir + "/data"),
                flag("dataset_train_split", "train"),
                flag("output_dir", dir + "/output"),
                flag("learning_rate", number(h.learningRate())),
                flag("num_train_epochs", Integer.toString(h.epochs())),
                flag("per_device_train_batch_size", Integer.toString(h.batchSize())),
                flag("gradient_accumulation_steps", Integer.toString(h.gradientAccumulation())),
                flag("max_length", Integer.toString(h.maxSequenceLength())),
                flag("weight_decay", number(h.weightDecay())),
                flag("seed", Long.toString(h.seed())),
                flag("logging_steps", Integer.toString(cluster.loggingSteps())),
                flag("save_strategy", "epoch"),
                "--bf16",
                flag("report_to", "none")));
        if (validation) {
            args.addAll(List.of(flag("dataset_test_split", "validation"), flag("eval_strategy", "epoch"),
                    flag("per_device_eval_batch_size", Integer.toString(h.batchSize()))));
            if (spec.earlyStopping().patience() > 0) {
                // the best epoch's weights are what the job keeps; the watcher stops a run that no longer improves
                args.addAll(List.of("--load_best_model_at_end", flag("metric_for_best_model", "eval_loss"),
                        flag("greater_is_better", "false")));
            }
        }
        JobSpec.Lora lora = spec.lora();
        if (lora != null) {
            args.addAll(List.of("--use_peft", flag("lora_r", Integer.toString(lora.r())),
                    flag("lora_alpha", Integer.toString(lora.alpha())), flag("lora_dropout", number(lora.dropout())),
                    "--lora_target_modules"));
            // a list flag takes its values as separate words; each is a validated module name, never "-..."
            args.addAll(lora.targetModules().isEmpty() ? List.of("all-linear") : lora.targetModules());
            if (lora.loadIn4bit()) {
                args.addAll(List.of("--load_in_4bit", flag("bnb_4bit_quant_type", lora.quantType())));
            }
        }
        if (cluster.modelSources().trustsRemoteCode(repository)) {
            args.add("--trust_remote_code");
        }
        if (spec.resources().gpuCount() > 1) {
            args.add(flag("num_processes", Integer.toString(spec.resources().gpuCount())));
        }
        args.addAll(cluster.extraArgs());
        return args;
    }

    private static String flag(String name, String value) {
        return "--" + name + "=" + value;
    }

    /** Labels of the workload and its pods. */
    static Map<String, String> labels(String jobId, JobSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "fmp-tuning-service");
        labels.put("app.kubernetes.io/component", "trainer");
        labels.put(JOB_LABEL, jobId);
        if (spec.queue() != null) {
            labels.put(QUEUE_LABEL, spec.queue());
        }
        return labels;
    }

    public static Job job(String name, String jobId, JobSpec spec, boolean validation, Cluster cluster) {
        Map<String, String> labels = labels(jobId, spec);
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(cluster.namespace()).withLabels(labels)
                .withAnnotations(annotations(spec)).endMetadata()
                .withNewSpec()
                // Kueue admits a suspended Job when its queue has quota; without a queue it starts at once
                .withSuspend(spec.queue() != null)
                .withBackoffLimit(cluster.backoffLimit())
                .withActiveDeadlineSeconds(cluster.activeDeadlineSeconds())
                .withTtlSecondsAfterFinished(cluster.ttlSecondsAfterFinished())
                .withNewPodFailurePolicy()
                .withRules(new PodFailurePolicyRuleBuilder().withAction("Ignore")
                                .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition()
                                .build(),
                        new PodFailurePolicyRuleBuilder().withAction("FailJob")
                                .withNewOnExitCodes().withContainerName(CONTAINER).withOperator("In")
                                .withValues(USAGE_ERROR_EXIT).endOnExitCodes().build())
                .endPodFailurePolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withSpec(podSpec(jobId, spec, validation, cluster))
                .endTemplate()
                .endSpec()
                .build();
    }

    private static PodSpec podSpec(String jobId, JobSpec spec, boolean validation, Cluster cluster) {
        JobSpec.Gpu gpu = spec.resources().gpu();
        PodSpecBuilder pod = new PodSpecBuilder()
                // podFailurePolicy needs it; retries are whole pods
                .withRestartPolicy("Never")
                .withNodeSelector(GpuPlacement.nodeSelector(gpu))
                .withTolerations(GpuPlacement.tolerations(cluster.tolerations()))
                .withContainers(container(jobId, spec, validation, cluster))
                .withVolumes(volumes(cluster))
                // a trainer runs code from the model and dataset it is given: no API token, no root
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(TRAINER_UID).withRunAsGroup(TRAINER_UID)
                .withFsGroup(TRAINER_UID).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext();
        if (cluster.serviceAccount() != null) {
            pod.withServiceAccountName(cluster.serviceAccount());
        }
        return pod.build();
    }

    private static Container container(String jobId, JobSpec spec, boolean validation, Cluster cluster) {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(cluster.image())
                .withCommand(command(spec, cluster))
                .withArgs(arguments(jobId, spec, validation, cluster))
                .withEnv(env(jobId, cluster))
                .withNewResources().withLimits(limits(spec)).withRequests(requests(spec)).endResources()
                .withVolumeMounts(mounts(jobId, cluster))
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withPrivileged(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .build();
    }

    private static Map<String, Quantity> limits(JobSpec spec) {
        return GpuPlacement.limits(spec.resources());
    }

    private static Map<String, Quantity> requests(JobSpec spec) {
        return GpuPlacement.requests(spec.resources());
    }

    private static List<EnvVar> env(String jobId, Cluster cluster) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("PYTHONUNBUFFERED", "1", null));
        // the shared model cache is read-only to a trainer; its own Hugging Face home is in its job directory
        env.add(new EnvVar("HF_HUB_CACHE", cluster.trainerMount() + "/" + MODEL_CACHE, null));
        env.add(new EnvVar("HF_HOME", cluster.trainerMount() + "/" + jobDirectory(jobId) + "/.hf", null));
        if (cluster.hfTokenSecret() != null) {
            String[] ref = cluster.hfTokenSecret().split("/", 2);
            env.add(new EnvVarBuilder().withName("HF_TOKEN").withNewValueFrom().withNewSecretKeyRef()
                    .withName(ref[0]).withKey(ref[1]).withOptional(false).endSecretKeyRef().endValueFrom().build());
        }
        return env;
    }

    /**
     * Of the shared workspace a trainer sees its own job's directory (read-write) and the model cache
     * (read-only), at the paths it would have on the whole volume: another job's data is not there.
     */
    private static List<VolumeMount> mounts(String jobId, Cluster cluster) {
        return List.of(new VolumeMountBuilder().withName("workspace").withSubPath(jobDirectory(jobId))
                        .withMountPath(cluster.trainerMount() + "/" + jobDirectory(jobId)).build(),
                new VolumeMountBuilder().withName("workspace").withSubPath(MODEL_CACHE).withReadOnly(true)
                        .withMountPath(cluster.trainerMount() + "/" + MODEL_CACHE).build(),
                // PyTorch data loaders share memory through /dev/shm, 64 MiB by default in a container
                new VolumeMountBuilder().withName("dshm").withMountPath("/dev/shm").build());
    }

    private static List<Volume> volumes(Cluster cluster) {
        return List.of(new VolumeBuilder().withName("workspace").withNewPersistentVolumeClaim()
                        .withClaimName(cluster.workspaceClaim()).endPersistentVolumeClaim().build(),
                new VolumeBuilder().withName("dshm").withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
    }

    private static Map<String, String> annotations(JobSpec spec) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("fmp.io/base-model", spec.base().name() + " " + spec.base().version());
        annotations.put("fmp.io/method", spec.method().word());
        annotations.put("fmp.io/gpu-profile", spec.resources().gpu().name());
        return annotations;
    }

    /**
     * The same workload as a Kubeflow Trainer v2 {@code TrainJob} on the configured runtime: the
     * trainer's image, command, arguments and GPUs, with the pod details (node selector,
     * tolerations, workspace) as overrides of the runtime's {@code node} job.
     */
    public static GenericKubernetesResource trainJob(String name, String jobId, JobSpec spec, boolean validation,
                                                     Cluster cluster) {
        PodSpec pod = podSpec(jobId, spec, validation, cluster);
        Map<String, Object> trainer = new LinkedHashMap<>();
        trainer.put("image", cluster.image());
        trainer.put("command", command(spec, cluster));
        trainer.put("args", arguments(jobId, spec, validation, cluster));
        trainer.put("env", env(jobId, cluster).stream().map(PlainObjects::map).toList());
        trainer.put("numNodes", 1);
        trainer.put("resourcesPerNode", Map.of("limits", PlainObjects.quantities(limits(spec)),
                "requests", PlainObjects.quantities(requests(spec))));
        Map<String, Object> override = new LinkedHashMap<>();
        override.put("targetJobs", List.of(Map.of("name", "node")));
        override.put("nodeSelector", pod.getNodeSelector());
        override.put("tolerations", pod.getTolerations().stream().map(PlainObjects::map).toList());
        override.put("volumes", pod.getVolumes().stream().map(PlainObjects::map).toList());
        override.put("containers", List.of(Map.of("name", "node", "volumeMounts",
                mounts(jobId, cluster).stream().map(PlainObjects::map).toList())));
        if (cluster.serviceAccount() != null) {
            override.put("serviceAccountName", cluster.serviceAccount());
        }
        Map<String, Object> specMap = new LinkedHashMap<>();
        specMap.put("suspend", spec.queue() != null);
        specMap.put("runtimeRef", Map.of("name", cluster.trainJobRuntime()));
        specMap.put("trainer", trainer);
        specMap.put("podSpecOverrides", List.of(override));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("trainer.kubeflow.org/v1alpha1").withKind("TrainJob")
                .withNewMetadata().withName(name).withNamespace(cluster.namespace()).withLabels(labels(jobId, spec))
                .withAnnotations(annotations(spec)).endMetadata()
                .addToAdditionalProperties("spec", specMap)
                .build();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
