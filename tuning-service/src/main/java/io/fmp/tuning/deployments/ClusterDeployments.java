package io.fmp.tuning.deployments;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fmp.tuning.TuningConfig;
import io.fmp.tuning.kubernetes.TrainerManifests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code kubernetes} deployment's objects on the cluster, through the fabric8 client: created or updated (a
 * repeat after a crash changes nothing), read for readiness, drained to zero replicas, deleted.
 */
@ApplicationScoped
public class ClusterDeployments {

    public static final ResourceDefinitionContext INFERENCE_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kserve.io").withVersion("v1beta1").withKind("InferenceService")
            .withPlural("inferenceservices").withNamespaced(true).build();
    public static final ResourceDefinitionContext SCALED_OBJECT = new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh").withVersion("v1alpha1").withKind("ScaledObject").withPlural("scaledobjects")
            .withNamespaced(true).build();
    /** KServe (0.15 and later) stops an InferenceService's predictor while this annotation is "true". */
    public static final String KSERVE_STOP = "serving.kserve.io/stop";
    /** KEDA holds a ScaledObject's target at this many replicas while the annotation is there. */
    public static final String KEDA_PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas";

    /** @param endpoint the OpenAI base URL once known; null before */
    public record Status(boolean ready, int readyReplicas, String endpoint, String message) {
    }

    @Inject
    KubernetesClient client;

    @Inject
    TuningConfig config;

    public InferenceManifests.Cluster cluster() {
        ServingSettings s = config.serving();
        return new InferenceManifests.Cluster(namespace(), TrainerManifests.imageReference(s.vllmImage(),
                s.vllmImageDigest().orElse(null)), config.kubernetes().tolerations(), s.prometheusUrl());
    }

    String namespace() {
        return config.serving().namespace().orElse(client.getNamespace());
    }

    /**
     * Creates or updates the objects.
     *
     * @param kserve the variant: an InferenceService, or vLLM's Deployment, Service and ScaledObject
     */
    public void apply(InferenceManifests.Served served, boolean kserve) {
        InferenceManifests.Cluster cluster = cluster();
        if (kserve) {
            if (served.canary() != null) {
                // KServe's canary is a new revision beside the last ready one: the stable spec goes first
                genericApply(INFERENCE_SERVICE, InferenceManifests.inferenceService(new InferenceManifests.Served(
                        served.objectName(), served.deploymentId(), served.project(), served.model(), served.adapters(),
                        served.placed(), served.scaling(), served.maxModelLen(), null, 0), cluster));
            }
            genericApply(INFERENCE_SERVICE, InferenceManifests.inferenceService(served, cluster));
            return;
        }
        for (HasMetadata object : InferenceManifests.vllm(served, cluster)) {
            if (object instanceof GenericKubernetesResource scaled) {
                genericApply(SCALED_OBJECT, scaled);
            } else {
                client.resource(object).inNamespace(cluster.namespace()).createOr(existing -> existing.update());
            }
        }
    }

    private void genericApply(ResourceDefinitionContext type, GenericKubernetesResource object) {
        var resource = client.genericKubernetesResources(type).inNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName());
        if (resource.get() == null) {
            resource.create(object);
        } else {
            resource.edit(existing -> {
                existing.getMetadata().setLabels(object.getMetadata().getLabels());
                existing.getMetadata().setAnnotations(object.getMetadata().getAnnotations());
                existing.setAdditionalProperties(object.getAdditionalProperties());
                return existing;
            });
        }
    }

    /** Readiness: the InferenceService's Ready condition and its predictor's ready pods, or the Deployment's. */
    @SuppressWarnings("unchecked")
    public Status status(String objectName, boolean kserve, boolean canary) {
        String namespace = namespace();
        if (kserve) {
            GenericKubernetesResource isvc = client.genericKubernetesResources(INFERENCE_SERVICE).inNamespace(namespace)
                    .withName(objectName).get();
            if (isvc == null) {
                return new Status(false, 0, null, "the InferenceService is gone");
            }
            Map<String, Object> status = (Map<String, Object>) isvc.getAdditionalProperties().get("status");
            if (status == null) {
                return new Status(false, 0, null, "KServe has not reported on it yet");
            }
            List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
            Map<String, Object> ready = conditions.stream().filter(c -> "Ready".equals(c.get("type"))).findFirst()
                    .orElse(Map.of());
            boolean isReady = "True".equals(ready.get("status"));
            int pods = (int) client.pods().inNamespace(namespace)
                    .withLabel("serving.kserve.io/inferenceservice", objectName).list().getItems().stream()
                    .filter(ClusterDeployments::podReady).count();
            Object url = status.get("address") instanceof Map<?, ?> address ? address.get("url") : status.get("url");
            return new Status(isReady, pods, url == null ? null : url + "/openai/v1",
                    Objects.toString(ready.getOrDefault("message", ready.getOrDefault("reason", "")), ""));
        }
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(objectName).get();
        if (deployment == null) {
            return new Status(false, 0, null, "the Deployment is gone");
        }
        int replicas = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                : deployment.getStatus().getReadyReplicas();
        if (canary) {
            Deployment canaryDeployment = client.apps().deployments().inNamespace(namespace)
                    .withName(InferenceManifests.canaryName(objectName)).get();
            if (canaryDeployment != null && canaryDeployment.getStatus() != null
                    && canaryDeployment.getStatus().getReadyReplicas() != null) {
                replicas += canaryDeployment.getStatus().getReadyReplicas();
            }
        }
        return new Status(replicas > 0, replicas, InferenceManifests.serviceUrl(objectName, namespace),
                replicas > 0 ? "" : "no vLLM replica is ready yet");
    }

    private static boolean podReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Traffic off and no replica: KServe's stop annotation; KEDA paused at zero with the Deployment at zero. */
    @SuppressWarnings("unchecked")
    public void drain(String objectName, boolean kserve) {
        String namespace = namespace();
        if (kserve) {
            var isvc = client.genericKubernetesResources(INFERENCE_SERVICE).inNamespace(namespace).withName(objectName);
            if (isvc.get() != null) {
                isvc.edit(existing -> {
                    annotate(existing, KSERVE_STOP, "true");
                    ((Map<String, Object>) ((Map<String, Object>) existing.getAdditionalProperties().get("spec"))
                            .get("predictor")).put("minReplicas", 0);
                    return existing;
                });
            }
            return;
        }
        for (String name : List.of(objectName, InferenceManifests.canaryName(objectName))) {
            var scaled = client.genericKubernetesResources(SCALED_OBJECT).inNamespace(namespace).withName(name);
            if (scaled.get() != null) {
                scaled.edit(existing -> {
                    annotate(existing, KEDA_PAUSED_REPLICAS, "0");
                    return existing;
                });
            }
            var deployment = client.apps().deployments().inNamespace(namespace).withName(name);
            if (deployment.get() != null) {
                deployment.scale(0);
            }
        }
    }

    private static void annotate(HasMetadata object, String key, String value) {
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new java.util.HashMap<>()
                : new java.util.HashMap<>(object.getMetadata().getAnnotations());
        annotations.put(key, value);
        object.getMetadata().setAnnotations(annotations);
    }

    public void delete(String objectName, boolean kserve) {
        String namespace = namespace();
        if (kserve) {
            client.genericKubernetesResources(INFERENCE_SERVICE).inNamespace(namespace).withName(objectName).delete();
            return;
        }
        for (String name : List.of(objectName, InferenceManifests.canaryName(objectName))) {
            client.genericKubernetesResources(SCALED_OBJECT).inNamespace(namespace).withName(name).delete();
            client.apps().deployments().inNamespace(namespace).withName(name).delete();
            client.services().inNamespace(namespace).withName(name).delete();
        }
    }
}
