package io.fmp.tuning.kubernetes;

import io.fmp.tuning.jobs.ModelSources;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How GPU jobs run on the cluster: the trainer image and command, the workspace volume shared with
 * the trainer pods, scheduling (tolerations, Kueue), retries and clean-up. Credentials only by
 * reference to Kubernetes secrets. The {@code fmp.tuning.kubernetes} group of {@link io.fmp.tuning.TuningConfig}.
 */
public interface KubernetesSettings {

    /** Whether this service may run GPU jobs on its cluster. */
    @WithDefault("false")
    boolean enabled();

    /** Namespace of the trainer Jobs; the client's namespace when not set. */
    Optional<String> namespace();

    /** {@code job} (batch/v1 Job) or {@code trainjob} (Kubeflow Trainer v2 TrainJob). */
    @WithDefault("job")
    String api();

    /** Kubeflow Trainer runtime a TrainJob refers to. */
    @WithDefault("torch-distributed")
    String trainJobRuntime();

    /** The trainer image: Hugging Face TRL. */
    @WithDefault("huggingface/trl-latest-gpu:latest")
    String image();

    /**
     * The trainer image's digest ({@code sha256:<64 hex>}): pods then run exactly that image
     * ({@code <image>@<digest>}), whatever its tag points to later.
     */
    Optional<String> imageDigest();

    /**
     * Hugging Face sources GPU jobs may load base models from: an organisation ({@code meta-llama/})
     * or one repository ({@code Qwen/Qwen2.5-7B-Instruct}). None: every GPU job is refused.
     */
    Optional<List<String>> modelSources();

    /**
     * Of those, the sources whose own Python code trainers may run ({@code --trust_remote_code});
     * none by default.
     */
    Optional<List<String>> trustRemoteCode();

    /** The two lists above as one rule; a malformed entry fails here. */
    default ModelSources sources() {
        return new ModelSources(modelSources().orElse(List.of()), trustRemoteCode().orElse(List.of()));
    }

    /** The trainer's command in that image (the job's arguments follow it). */
    @WithDefault("trl,sft")
    List<String> command();

    /** The command of prompt-tuning jobs (TRL's CLI has no prompt-tuning flags); prompt tuning is refused without it. */
    Optional<String> promptTuningCommand();

    /** Arguments added to every trainer command, e.g. --gradient_checkpointing. */
    Optional<List<String>> extraArgs();

    /** The ReadWriteMany claim trainer pods mount: the job's data in, the tuned weights out. */
    @WithDefault("fmp-tuning-workspace")
    String workspaceClaim();

    /** Where this service sees that volume (it writes the datasets there). */
    @WithDefault("/workspace")
    String workspaceMount();

    /** Where trainer pods mount it. */
    @WithDefault("/workspace")
    String trainerMount();

    /** The service account trainer pods run as; the namespace's default when not set. */
    Optional<String> serviceAccount();

    /** Tolerations of GPU taints: {@code key:Effect} (operator Exists) or {@code key=value:Effect}. */
    @WithDefault("nvidia.com/gpu:NoSchedule")
    List<String> tolerations();

    /** A Hugging Face token for gated models, as {@code <secret>/<key>}; HF_TOKEN in the trainer. */
    Optional<String> hfTokenSecret();

    /** Pod failures the Job controller retries itself (preemptions are not counted). */
    @WithDefault("2")
    int backoffLimit();

    /** Failed Jobs this service replaces with a new one before the tuning job fails. */
    @WithDefault("2")
    int maxRetries();

    /** The longest a trainer Job may run before Kubernetes stops it. */
    @WithDefault("24h")
    Duration activeDeadline();

    /** How long a finished Job stays for inspection before Kubernetes deletes it. */
    @WithDefault("1h")
    Duration ttlAfterFinished();

    /** How often a running job's Job, pods and log are read. */
    @WithDefault("5s")
    Duration pollInterval();

    /** Trainer log lines between loss reports. */
    @WithDefault("10")
    int loggingSteps();
}
