package io.fmp.tuning.deployments;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.kubernetes.GpuPlacement;
import io.fmp.tuning.kubernetes.PlainObjects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@code kubernetes} deployment's cluster objects, in one of two variants:
 * <ul>
 * <li>a KServe {@code InferenceService} (Hugging Face runtime with the vLLM backend): {@code storageUri} or, with
 * LoRA adapters, {@code storageUris}; vLLM's arguments; GPUs and node selector from the placement; min / max
 * replicas; in Standard mode KEDA autoscaling on {@code vllm:num_requests_waiting}; a canary in Serverless mode with
 * {@code canaryTrafficPercent} (KServe honours it only there);</li>
 * <li>where the cluster has no KServe, vLLM's OpenAI server as production-stack renders it: a {@code Deployment},
 * a {@code Service} and a KEDA {@code ScaledObject} on the same metric; a canary as a second Deployment and Service
 * the gateway sends its share to.</li>
 * </ul>
 * Plain Java: a unit test renders and reads them without a cluster.
 */
public final class InferenceManifests {

    public static final String DEPLOYMENT_LABEL = "fmp.io/deployment";
    public static final String PROJECT_LABEL = "fmp.io/project";
    public static final String ISVC_API = "serving.kserve.io/v1beta1";
    public static final String KEDA_API = "keda.sh/v1alpha1";
    public static final String WAITING_METRIC = "vllm:num_requests_waiting";
    static final int VLLM_PORT = 8000;
    static final String MODEL_MOUNT = "/mnt/models";
    static final String ADAPTER_MOUNT = "/mnt/adapters/";
    static final long VLLM_UID = 1000;

    /** A LoRA adapter: the name clients send as {@code model}, where its weights are, the rank it was trained at. */
    public record Adapter(String name, String uri, int rank) {
    }

    /**
     * One model served: its vLLM name and weights.
     *
     * @param storageUri {@code hf://<repository>} or {@code pvc://<claim>/<path>}
     */
    public record Model(String servedName, String storageUri) {
    }

    /**
     * What to render.
     *
     * @param objectName the cluster objects' name (a DNS label)
     * @param placed     GPUs per replica (vLLM's tensor parallel size) and the profile
     * @param canary     null: no canary
     */
    public record Served(String objectName, String deploymentId, String project, Model model, List<Adapter> adapters,
                         JobSpec.Resources placed, DeploymentPlan.Scaling scaling, int maxModelLen, Model canary,
                         int canaryPercent) {
        public Served {
            adapters = List.copyOf(adapters);
        }
    }

    /** The cluster side: namespace, vLLM image, GPU taints tolerated, the Prometheus KEDA reads. */
    public record Cluster(String namespace, String vllmImage, List<String> tolerations, String prometheusUrl) {
    }

    private InferenceManifests() {
    }

    /** vLLM's engine arguments for a model: tensor parallel size, context, LoRA. */
    public static List<String> engineArgs(Served served, Model model) {
        List<String> args = new ArrayList<>();
        args.add("--served-model-name=" + model.servedName());
        args.add("--tensor-parallel-size=" + served.placed().gpuCount());
        if (served.maxModelLen() > 0) {
            args.add("--max-model-len=" + served.maxModelLen());
        }
        if (!served.adapters().isEmpty() && model == served.model()) {
            args.add("--enable-lora");
            args.add("--lora-modules");
            for (Adapter adapter : served.adapters()) {
                args.add(adapter.name() + "=" + ADAPTER_MOUNT + adapter.name());
            }
            args.add("--max-loras=" + served.adapters().size());
            args.add("--max-lora-rank=" + maxRank(served.adapters()));
        }
        return args;
    }

    /** vLLM accepts ranks 8, 16, 32, 64...: the smallest that holds every adapter. */
    static int maxRank(List<Adapter> adapters) {
        int highest = adapters.stream().mapToInt(Adapter::rank).max().orElse(8);
        int rank = 8;
        while (rank < highest) {
            rank *= 2;
        }
        return rank;
    }

    private static Map<String, String> labels(Served served) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "vllm");
        labels.put("app.kubernetes.io/managed-by", "fmp-tuning-service");
        labels.put(DEPLOYMENT_LABEL, served.deploymentId());
        labels.put(PROJECT_LABEL, served.project());
        return labels;
    }

    private static String waitingQuery(String servedName) {
        return "sum(" + WAITING_METRIC + "{model_name=\"" + servedName + "\"})";
    }

    // ---- KServe ----

    /** The KServe InferenceService; with a canary, the canary's spec taking its share (Serverless mode). */
    public static GenericKubernetesResource inferenceService(Served served, Cluster cluster) {
        boolean canary = served.canary() != null;
        Model model = canary ? served.canary() : served.model();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("serving.kserve.io/deploymentMode", canary ? "Serverless" : "Standard");
        Map<String, Object> predictor = new LinkedHashMap<>();
        predictor.put("minReplicas", served.scaling().scaleToZero() ? 0 : served.scaling().minReplicas());
        predictor.put("maxReplicas", served.scaling().maxReplicas());
        if (canary) {
            predictor.put("canaryTrafficPercent", served.canaryPercent());
        } else {
            // Standard mode scales through KEDA (and only KEDA takes it to zero there)
            annotations.put("serving.kserve.io/autoscalerClass", "keda");
            predictor.put("autoScaling", Map.of("metrics", List.of(Map.of("type", "External", "external", Map.of(
                    "metric", Map.of("backend", "prometheus", "serverAddress", cluster.prometheusUrl(),
                            "query", waitingQuery(model.servedName())),
                    "target", Map.of("type", "Value", "value",
                            Integer.toString(served.scaling().waitingRequestsTarget())))))));
        }
        predictor.put("nodeSelector", GpuPlacement.nodeSelector(served.placed().gpu()));
        predictor.put("tolerations", GpuPlacement.tolerations(cluster.tolerations()).stream()
                .map(PlainObjects::map).toList());
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("modelFormat", Map.of("name", "huggingface"));
        List<String> args = new ArrayList<>();
        args.add("--model_name=" + model.servedName());
        args.add("--backend=vllm");
        args.addAll(engineArgs(served, model));
        container.put("args", args);
        if (served.adapters().isEmpty() || model != served.model()) {
            container.put("storageUri", model.storageUri());
        } else {
            List<Map<String, String>> uris = new ArrayList<>();
            uris.add(Map.of("uri", model.storageUri(), "mountPath", MODEL_MOUNT));
            for (Adapter adapter : served.adapters()) {
                uris.add(Map.of("uri", adapter.uri(), "mountPath", ADAPTER_MOUNT + adapter.name()));
            }
            container.put("storageUris", uris);
        }
        container.put("resources", Map.of("limits", PlainObjects.quantities(GpuPlacement.limits(served.placed())),
                "requests", PlainObjects.quantities(GpuPlacement.requests(served.placed()))));
        predictor.put("model", container);
        return new GenericKubernetesResourceBuilder().withApiVersion(ISVC_API).withKind("InferenceService")
                .withNewMetadata().withName(served.objectName()).withNamespace(cluster.namespace())
                .withLabels(labels(served)).withAnnotations(annotations).endMetadata()
                .addToAdditionalProperties("spec", Map.of("predictor", predictor))
                .build();
    }

    // ---- plain vLLM (production-stack's shape) ----

    /** Deployment, Service and ScaledObject of the model, then those of the canary when there is one. */
    public static List<HasMetadata> vllm(Served served, Cluster cluster) {
        List<HasMetadata> objects = new ArrayList<>(engine(served, served.model(), served.objectName(), cluster,
                served.scaling()));
        if (served.canary() != null) {
            // the canary runs one replica at least; the gateway sends it canaryPercent of the requests
            objects.addAll(engine(served, served.canary(), canaryName(served.objectName()), cluster,
                    new DeploymentPlan.Scaling(1, Math.max(1, served.scaling().maxReplicas() / 2), false,
                            served.scaling().waitingRequestsTarget())));
        }
        return objects;
    }

    public static String canaryName(String objectName) {
        return objectName + "-canary";
    }

    /** The OpenAI base URL of a plain-variant Service. */
    public static String serviceUrl(String name, String namespace) {
        return "http://" + name + "." + namespace + ".svc:" + VLLM_PORT + "/v1";
    }

    private static List<HasMetadata> engine(Served served, Model model, String name, Cluster cluster,
                                            DeploymentPlan.Scaling scaling) {
        Map<String, String> labels = labels(served);
        labels.put("app.kubernetes.io/instance", name);
        List<String> args = new ArrayList<>();
        args.add("--model=" + (model.storageUri().startsWith("hf://") ? model.storageUri().substring(5) : MODEL_MOUNT));
        args.add("--port=" + VLLM_PORT);
        args.addAll(engineArgs(served, model));
        List<VolumeMount> mounts = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName("dshm").withMountPath("/dev/shm").build());
        volumes.add(new VolumeBuilder().withName("dshm").withNewEmptyDir().withMedium("Memory").endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName("cache").withMountPath("/home/vllm/.cache").build());
        volumes.add(new VolumeBuilder().withName("cache").withNewEmptyDir().endEmptyDir().build());
        pvcMount(model.storageUri(), "model", MODEL_MOUNT, mounts, volumes);
        if (model == served.model()) {
            for (Adapter adapter : served.adapters()) {
                pvcMount(adapter.uri(), "adapter-" + adapter.name(), ADAPTER_MOUNT + adapter.name(), mounts, volumes);
            }
        }
        Container container = new ContainerBuilder().withName("vllm").withImage(cluster.vllmImage())
                .withCommand("vllm", "serve").withArgs(args)
                .addNewPort().withName("http").withContainerPort(VLLM_PORT).endPort()
                .withNewResources().withLimits(GpuPlacement.limits(served.placed()))
                .withRequests(GpuPlacement.requests(served.placed())).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(VLLM_PORT))
                .endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                .withNewStartupProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(VLLM_PORT))
                .endHttpGet().withPeriodSeconds(10).withFailureThreshold(90).endStartupProbe()
                .withEnv(new io.fabric8.kubernetes.api.model.EnvVar("HOME", "/home/vllm", null))
                .withVolumeMounts(mounts)
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withPrivileged(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .build();
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName(name)
                .withNamespace(cluster.namespace()).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(scaling.scaleToZero() ? 0 : scaling.minReplicas())
                .withNewSelector().addToMatchLabels("app.kubernetes.io/instance", name).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withNodeSelector(GpuPlacement.nodeSelector(served.placed().gpu()))
                .withTolerations(GpuPlacement.tolerations(cluster.tolerations())).withContainers(container)
                .withVolumes(volumes).withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(VLLM_UID).withFsGroup(VLLM_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .endSpec().endTemplate().endSpec().build();
        Service service = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(cluster.namespace())
                .withLabels(labels).endMetadata()
                .withNewSpec().addToSelector("app.kubernetes.io/instance", name)
                .addNewPort().withName("http").withPort(VLLM_PORT).withTargetPort(new IntOrString(VLLM_PORT)).endPort()
                .endSpec().build();
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("type", "prometheus");
        trigger.put("metadata", Map.of("serverAddress", cluster.prometheusUrl(), "query", waitingQuery(model.servedName()),
                "threshold", Integer.toString(scaling.waitingRequestsTarget())));
        Map<String, Object> scaled = new LinkedHashMap<>();
        scaled.put("scaleTargetRef", Map.of("name", name));
        scaled.put("minReplicaCount", scaling.scaleToZero() ? 0 : scaling.minReplicas());
        scaled.put("maxReplicaCount", scaling.maxReplicas());
        scaled.put("triggers", List.of(trigger));
        GenericKubernetesResource scaledObject = new GenericKubernetesResourceBuilder().withApiVersion(KEDA_API)
                .withKind("ScaledObject").withNewMetadata().withName(name).withNamespace(cluster.namespace())
                .withLabels(labels).endMetadata().addToAdditionalProperties("spec", scaled).build();
        return List.of(deployment, service, scaledObject);
    }

    private static void pvcMount(String uri, String volume, String mountPath, List<VolumeMount> mounts,
                                 List<Volume> volumes) {
        if (!uri.startsWith("pvc://")) {
            return;
        }
        String[] claimAndPath = uri.substring(6).split("/", 2);
        volumes.add(new VolumeBuilder().withName(volume).withNewPersistentVolumeClaim().withClaimName(claimAndPath[0])
                .withReadOnly(true).endPersistentVolumeClaim().build());
        VolumeMountBuilder mount = new VolumeMountBuilder().withName(volume).withMountPath(mountPath).withReadOnly(true);
        if (claimAndPath.length == 2) {
            mount.withSubPath(claimAndPath[1]);
        }
        mounts.add(mount.build());
    }
}
