package io.fmp.tuning.deployments;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.Lineage;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ServingEndpoint;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GovernanceModelDecided;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.governance.v1.Guardrails;
import io.fmp.contracts.serving.v1.Capture;
import io.fmp.contracts.serving.v1.ClassifyRequest;
import io.fmp.contracts.serving.v1.ClassifyResponse;
import io.fmp.contracts.serving.v1.CreateDeploymentRequest;
import io.fmp.contracts.serving.v1.Deployment;
import io.fmp.contracts.serving.v1.DeploymentExecutor;
import io.fmp.contracts.serving.v1.DeploymentSpec;
import io.fmp.contracts.serving.v1.EmbedRequest;
import io.fmp.contracts.serving.v1.GetDeploymentRequest;
import io.fmp.contracts.serving.v1.GetUsageRequest;
import io.fmp.contracts.serving.v1.ListDeploymentsRequest;
import io.fmp.contracts.serving.v1.RecordUsageRequest;
import io.fmp.contracts.serving.v1.ScaleDeploymentRequest;
import io.fmp.contracts.serving.v1.Scaling;
import io.fmp.contracts.serving.v1.ServingServiceGrpc;
import io.fmp.contracts.serving.v1.Traffic;
import io.fmp.contracts.serving.v1.UsageEntry;
import io.fmp.contracts.serving.v1.UsageReport;
import io.fmp.contracts.tuning.v1.DatasetRef;
import io.fmp.contracts.tuning.v1.Hyperparameters;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.Resources;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.contracts.tuning.v1.TuningMethod;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.fmp.tuning.jobs.JobSpec.Gpu;
import io.fmp.tuning.support.TuningTestSupport;
import io.fmp.tuning.support.UpstreamServices;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployments against the fabric8 Kubernetes mock API server and governance's gate: both manifest variants field
 * by field (GPU, MIG, LoRA, KEDA, canary), readiness transitions, an unapproved model refused, a revoked approval
 * draining the deployment; local deployments computing what evaluation measured; usage metered once per batch.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(UpstreamServices.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_tuning_test"))
class DeploymentsTest {

    private static final String NAMESPACE = "test";

    @KubernetesTestServer
    KubernetesServer server;

    @GrpcClient("tuning")
    ServingServiceGrpc.ServingServiceBlockingStub serving;

    @GrpcClient("tuning")
    TuningServiceGrpc.TuningServiceBlockingStub tuning;

    @Inject
    ClusterDeployments cluster;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private NamespacedKubernetesClient client() {
        return server.getClient();
    }

    @BeforeEach
    void clusterKnowsKServeAndKeda() {
        for (ResourceDefinitionContext type : List.of(ClusterDeployments.INFERENCE_SERVICE, ClusterDeployments.SCALED_OBJECT)) {
            String name = type.getPlural() + "." + type.getGroup();
            if (client().apiextensions().v1().customResourceDefinitions().withName(name).get() == null) {
                client().apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                        .withNewMetadata().withName(name).endMetadata()
                        .withNewSpec().withGroup(type.getGroup()).withScope("Namespaced")
                        .withNewNames().withKind(type.getKind()).withPlural(type.getPlural()).endNames()
                        .addNewVersion().withName(type.getVersion()).withServed(true).withStorage(true).endVersion()
                        .endSpec().build()).create();
            }
        }
    }

    private static CreateDeploymentRequest llama(String name, String modelId) {
        return CreateDeploymentRequest.newBuilder().setSpec(DeploymentSpec.newBuilder().setName(name)
                .setModelId(modelId).setExecutor(DeploymentExecutor.KUBERNETES)
                .setResources(Resources.newBuilder().setGpuProduct("H100-MIG-3g.40gb").setMemory("48Gi"))
                .setScaling(Scaling.newBuilder().setMinReplicas(1).setMaxReplicas(3))).build();
    }

    private static String adapterOf(String baseId) {
        return UpstreamServices.model(ModelCardSpec.newBuilder().setName("Support tone").setProvider("fmp")
                .setVersion("job-1a2b3c4d").setParameterCount(8_030_000_000L).setLicense("llama3.1")
                .addTasks("text-generation")
                .setLineage(Lineage.newBuilder().setBaseModelId(baseId).setArtifactKind(ArtifactKind.ADAPTER)
                        .setArtifactUri("pvc://fmp-tuning-workspace/jobs/1a2b3c4d/output").setTuningJobId("1a2b3c4d"))
                .build());
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object map, String... path) {
        Object value = map;
        for (String key : path) {
            value = ((Map<String, Object>) value).get(key);
        }
        return (T) value;
    }

    @Test
    void anUnapprovedModelIsNotDeployedAndBadRequestsNameEveryField() {
        String llama = TuningTestSupport.decoder();
        UpstreamServices.APPROVED.remove(llama);
        StatusRuntimeException denied = assertThrows(StatusRuntimeException.class,
                () -> serving.createDeployment(llama("unapproved", llama)));
        assertEquals(Status.Code.FAILED_PRECONDITION, denied.getStatus().getCode());
        assertTrue(denied.getStatus().getDescription().startsWith("governance denied deploying model " + llama
                + ": platform: no use case names model"), denied.getStatus().getDescription());
        assertTrue(serving.listDeployments(ListDeploymentsRequest.getDefaultInstance()).getDeploymentsList().stream()
                .noneMatch(d -> d.getSpec().getName().equals("unapproved")), "nothing recorded");
        assertTrue(client().genericKubernetesResources(ClusterDeployments.INFERENCE_SERVICE).inNamespace(NAMESPACE)
                .list().getItems().stream().noneMatch(i -> i.getMetadata().getName().contains("unapproved")),
                "nothing on the cluster");

        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> serving.createDeployment(
                CreateDeploymentRequest.newBuilder().setSpec(DeploymentSpec.newBuilder().setName("Bad_Name")
                        .setModelId(llama).setExecutor(DeploymentExecutor.LOCAL)
                        .setResources(Resources.newBuilder().setGpuCount(3))
                        .setScaling(Scaling.newBuilder().setMinReplicas(4).setMaxReplicas(2))
                        .setTraffic(Traffic.newBuilder().setCanaryPercent(150))
                        .setGuardrails(Guardrails.newBuilder().setPii("mask"))
                        .setCapture(Capture.newBuilder().setSampleRate(1.5).setWindow(5).setSuite("no spaces"))
                        .addAdapterModelIds("x")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("adapterModelIds", "capture.sampleRate", "capture.suite", "capture.window", "guardrails.pii",
                        "name", "resources", "resources.gpuCount", "scaling.maxReplicas", "traffic", "traffic.canaryPercent"),
                GrpcErrors.fieldViolations(bad).stream().map(FieldViolation::field).sorted().toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void onKServeTheDeploymentIsAnInferenceServiceThatBecomesReadyAndARevokedApprovalDrainsIt() {
        String llama = TuningTestSupport.decoder();
        String adapter = adapterOf(llama);
        UpstreamServices.APPROVED.add(llama);
        UpstreamServices.APPROVED.add(adapter);
        String name = "support-" + UUID.randomUUID().toString().substring(0, 6);
        Deployment created = serving.createDeployment(CreateDeploymentRequest.newBuilder(llama(name, llama))
                .setSpec(llama(name, llama).getSpec().toBuilder().addAdapterModelIds(adapter)).build());
        assertEquals("pending", created.getState());
        assertEquals(List.of("InferenceService"), created.getObjectsList());
        assertEquals("H100-MIG-3g.40gb", created.getEstimate().getGpuProduct());
        assertEquals(1, created.getEstimate().getTensorParallelSize());
        assertEquals(1.0, created.getEstimate().getCost().getGpuHoursPerHour(), 1e-9);
        assertEquals(2.0, created.getEstimate().getCost().getUsdPerHour(), 1e-9, "the slice's price, one replica");
        assertTrue(created.getEstimate().getCost().getKwhPerHour() > 0 && created.getEstimate().getCost()
                .getUsdPerMillionTokens() > 0, created.getEstimate().toString());

        String objectName = Deployments.objectName(name, created.getId());
        GenericKubernetesResource isvc = client().genericKubernetesResources(ClusterDeployments.INFERENCE_SERVICE)
                .inNamespace(NAMESPACE).withName(objectName).get();
        assertEquals("Standard", isvc.getMetadata().getAnnotations().get("serving.kserve.io/deploymentMode"));
        assertEquals("keda", isvc.getMetadata().getAnnotations().get("serving.kserve.io/autoscalerClass"));
        assertEquals(created.getId(), isvc.getMetadata().getLabels().get(InferenceManifests.DEPLOYMENT_LABEL));
        Map<String, Object> predictor = at(isvc.getAdditionalProperties(), "spec", "predictor");
        assertEquals(1, (int) at(predictor, "minReplicas"));
        assertEquals(3, (int) at(predictor, "maxReplicas"));
        assertEquals(Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"), predictor.get("nodeSelector"));
        assertEquals(List.of(Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")),
                predictor.get("tolerations"));
        Map<String, Object> metric = ((List<Map<String, Object>>) at(predictor, "autoScaling", "metrics")).get(0);
        assertEquals("External", metric.get("type"));
        assertEquals("sum(vllm:num_requests_waiting{model_name=\"" + name + "\"})", at(metric, "external", "metric", "query"));
        assertEquals("prometheus", at(metric, "external", "metric", "backend"));
        assertEquals("5", at(metric, "external", "target", "value"));
        Map<String, Object> model = at(predictor, "model");
        assertEquals("huggingface", at(model, "modelFormat", "name"));
        assertEquals(List.of("--model_name=" + name, "--backend=vllm", "--served-model-name=" + name,
                "--tensor-parallel-size=1", "--enable-lora", "--lora-modules",
                "support-tone-job-1a2b3c4d=/mnt/adapters/support-tone-job-1a2b3c4d", "--max-loras=1",
                "--max-lora-rank=16"), model.get("args"));
        assertEquals(List.of(Map.of("uri", "hf://meta-llama/Llama-3.1-8B-Instruct", "mountPath", "/mnt/models"),
                Map.of("uri", "pvc://fmp-tuning-workspace/jobs/1a2b3c4d/output",
                        "mountPath", "/mnt/adapters/support-tone-job-1a2b3c4d")), model.get("storageUris"));
        assertNull(model.get("storageUri"));
        assertEquals(Map.of("nvidia.com/mig-3g.40gb", "1", "memory", "48Gi"), at(model, "resources", "limits"));
        assertEquals(List.of("support-tone-job-1a2b3c4d"), created.getServedAdaptersList());

        // KServe reports the predictor ready and its pod passes readiness: the deployment is ready at its address
        client().genericKubernetesResources(ClusterDeployments.INFERENCE_SERVICE).inNamespace(NAMESPACE)
                .resource(new GenericKubernetesResourceBuilder(isvc).addToAdditionalProperties("status", Map.of(
                        "address", Map.of("url", "http://" + objectName + "-predictor.test.svc.cluster.local"),
                        "conditions", List.of(Map.of("type", "Ready", "status", "True")))).build()).update();
        client().pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata()
                .withName(objectName + "-predictor-0").withNamespace(NAMESPACE)
                .addToLabels("serving.kserve.io/inferenceservice", objectName).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        Deployment ready = Eventually.await(() -> serving.getDeployment(GetDeploymentRequest.newBuilder()
                .setId(name).build()), d -> d.getState().equals("ready"), Duration.ofSeconds(20));
        assertEquals("http://" + objectName + "-predictor.test.svc.cluster.local/openai/v1", ready.getEndpoint());
        assertEquals(1, ready.getReadyReplicas());
        Deployment accrued = Eventually.await(() -> serving.getDeployment(GetDeploymentRequest.newBuilder()
                .setId(name).build()), d -> d.getAccrued().getGpuHours() > 0, Duration.ofSeconds(20));
        assertTrue(accrued.getAccrued().getUsd() > 0 && accrued.getAccrued().getKwh() > 0, accrued.getAccrued().toString());

        KafkaTestClient kafka = new KafkaTestClient(bootstrapServers);
        // governance revokes the adapter's approval: the deployment stops taking traffic and scales to zero
        kafka.send(Topics.GOVERNANCE, new EventEnvelope(UUID.randomUUID().toString(), EventTypes.GOVERNANCE_MODEL_DECIDED,
                "governance-service", adapter, Instant.now(), null, EventCodec.toData(new GovernanceModelDecided(
                "decision-1", adapter, GovernanceModelDecided.REVOKED, "approver-2", "the tone drifted")), "key:approver"));
        Deployment drained = Eventually.await(() -> serving.getDeployment(GetDeploymentRequest.newBuilder()
                .setId(created.getId()).build()), d -> d.getState().equals("drained"), Duration.ofSeconds(30));
        assertTrue(drained.getReason().contains("the tone drifted"), drained.getReason());
        assertEquals(0, drained.getReadyReplicas());
        GenericKubernetesResource stopped = client().genericKubernetesResources(ClusterDeployments.INFERENCE_SERVICE)
                .inNamespace(NAMESPACE).withName(objectName).get();
        assertEquals("true", stopped.getMetadata().getAnnotations().get(ClusterDeployments.KSERVE_STOP));
        assertEquals(0, (int) at(stopped.getAdditionalProperties(), "spec", "predictor", "minReplicas"));
        List<EventEnvelope> events = kafka.readUntil(Topics.TUNING, Duration.ofSeconds(20), records -> records.stream()
                        .map(r -> EventCodec.decode(r.value())).anyMatch(e -> e.type().equals(EventTypes.DEPLOYMENT_DRAINED)
                                && e.subject().equals(created.getId())))
                .stream().map(r -> EventCodec.decode(r.value())).filter(e -> e.subject().equals(created.getId())).toList();
        assertEquals(List.of(EventTypes.DEPLOYMENT_CREATED, EventTypes.DEPLOYMENT_READY, EventTypes.DEPLOYMENT_DRAINED),
                events.stream().map(EventEnvelope::type).toList());
        assertEquals("service:governance-service", events.get(2).data().get("actor").asText());
        assertEquals(0, events.get(2).data().get("maxReplicas").asInt());

        StatusRuntimeException again = assertThrows(StatusRuntimeException.class, () -> serving.scaleDeployment(
                ScaleDeploymentRequest.newBuilder().setId(name).setScaling(Scaling.newBuilder().setMinReplicas(2)
                        .setMaxReplicas(4)).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, again.getStatus().getCode());
        assertTrue(again.getStatus().getDescription().contains("was drained"), again.getStatus().getDescription());
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutKServeItIsVllmsDeploymentServiceAndScaledObjectWithACanaryAndKServeCanariesAreServerless() {
        Gpu a100 = new Gpu("A100-80GB", 80, "nvidia.com/gpu", "NVIDIA-A100-SXM4-80GB", false, 400, 2.5);
        InferenceManifests.Served served = new InferenceManifests.Served("fmp-chat-0a1b2c3d", "0a1b2c3d-dep", "team-a",
                new InferenceManifests.Model("chat", "hf://meta-llama/Llama-3.1-70B-Instruct"),
                List.of(new InferenceManifests.Adapter("legal", "pvc://fmp-tuning-workspace/jobs/9f/output", 48)),
                new io.fmp.tuning.jobs.JobSpec.Resources(2, a100, "160Gi", "16"),
                new DeploymentPlan.Scaling(0, 6, true, 10), 32768,
                new InferenceManifests.Model("chat", "hf://meta-llama/Llama-3.3-70B-Instruct"), 10);
        cluster.apply(served, false);

        var deployment = client().apps().deployments().inNamespace(NAMESPACE).withName("fmp-chat-0a1b2c3d").get();
        assertEquals(0, deployment.getSpec().getReplicas(), "scale to zero: KEDA starts the first replica");
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(Map.of("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB"), pod.getNodeSelector());
        assertEquals("nvidia.com/gpu", pod.getTolerations().get(0).getKey());
        assertFalse(pod.getAutomountServiceAccountToken());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        var vllm = pod.getContainers().get(0);
        assertEquals("vllm/vllm-openai:v0.11.0", vllm.getImage());
        assertEquals(List.of("--model=meta-llama/Llama-3.1-70B-Instruct", "--port=8000", "--served-model-name=chat",
                "--tensor-parallel-size=2", "--max-model-len=32768", "--enable-lora", "--lora-modules",
                "legal=/mnt/adapters/legal", "--max-loras=1", "--max-lora-rank=64"), vllm.getArgs());
        assertEquals("2", vllm.getResources().getLimits().get("nvidia.com/gpu").toString());
        assertEquals("16", vllm.getResources().getRequests().get("cpu").toString());
        assertEquals("/health", vllm.getReadinessProbe().getHttpGet().getPath());
        var adapterMount = vllm.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/mnt/adapters/legal"))
                .findFirst().orElseThrow();
        assertEquals("jobs/9f/output", adapterMount.getSubPath());
        assertTrue(adapterMount.getReadOnly());
        var service = client().services().inNamespace(NAMESPACE).withName("fmp-chat-0a1b2c3d").get();
        assertEquals(8000, service.getSpec().getPorts().get(0).getPort());
        assertEquals(Map.of("app.kubernetes.io/instance", "fmp-chat-0a1b2c3d"), service.getSpec().getSelector());
        GenericKubernetesResource scaled = client().genericKubernetesResources(ClusterDeployments.SCALED_OBJECT)
                .inNamespace(NAMESPACE).withName("fmp-chat-0a1b2c3d").get();
        assertEquals(0, (int) at(scaled.getAdditionalProperties(), "spec", "minReplicaCount"));
        assertEquals(6, (int) at(scaled.getAdditionalProperties(), "spec", "maxReplicaCount"));
        Map<String, Object> trigger = ((List<Map<String, Object>>) at(scaled.getAdditionalProperties(), "spec",
                "triggers")).get(0);
        assertEquals("prometheus", trigger.get("type"));
        assertEquals(Map.of("serverAddress", "http://prometheus-operated.monitoring.svc:9090",
                "query", "sum(vllm:num_requests_waiting{model_name=\"chat\"})", "threshold", "10"), trigger.get("metadata"));
        var canary = client().apps().deployments().inNamespace(NAMESPACE).withName("fmp-chat-0a1b2c3d-canary").get();
        assertEquals("--model=meta-llama/Llama-3.3-70B-Instruct", canary.getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs().get(0));
        assertFalse(canary.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--enable-lora"));

        // readiness: none, then the Deployment's ready replicas
        assertFalse(cluster.status("fmp-chat-0a1b2c3d", false, true).ready());
        client().apps().deployments().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.apps
                .DeploymentBuilder(deployment).withNewStatus().withReadyReplicas(2).endStatus().build()).updateStatus();
        ClusterDeployments.Status up = cluster.status("fmp-chat-0a1b2c3d", false, true);
        assertTrue(up.ready());
        assertEquals(2, up.readyReplicas());
        assertEquals("http://fmp-chat-0a1b2c3d.test.svc:8000/v1", up.endpoint());

        cluster.drain("fmp-chat-0a1b2c3d", false);
        assertEquals("0", client().genericKubernetesResources(ClusterDeployments.SCALED_OBJECT).inNamespace(NAMESPACE)
                .withName("fmp-chat-0a1b2c3d").get().getMetadata().getAnnotations()
                .get(ClusterDeployments.KEDA_PAUSED_REPLICAS));
        assertEquals(0, client().apps().deployments().inNamespace(NAMESPACE).withName("fmp-chat-0a1b2c3d-canary").get()
                .getSpec().getReplicas());
        cluster.delete("fmp-chat-0a1b2c3d", false);
        assertNull(client().apps().deployments().inNamespace(NAMESPACE).withName("fmp-chat-0a1b2c3d").get());
        assertNull(client().services().inNamespace(NAMESPACE).withName("fmp-chat-0a1b2c3d-canary").get());

        // on KServe a canary is a Serverless revision taking its share
        GenericKubernetesResource canaryIsvc = InferenceManifests.inferenceService(served, cluster.cluster());
        assertEquals("Serverless", canaryIsvc.getMetadata().getAnnotations().get("serving.kserve.io/deploymentMode"));
        assertEquals(10, (int) at(canaryIsvc.getAdditionalProperties(), "spec", "predictor", "canaryTrafficPercent"));
        assertEquals("hf://meta-llama/Llama-3.3-70B-Instruct", at(canaryIsvc.getAdditionalProperties(), "spec",
                "predictor", "model", "storageUri"));
        assertNull(at(canaryIsvc.getAdditionalProperties(), "spec", "predictor", "autoScaling"));
    }

    @Test
    void aLocalDeploymentServesTheTunedHeadAsEvaluatedAndTheEncoderAsIs() {
        String encoder = TuningTestSupport.encoder();
        TuningJob job = tuning.submitJob(SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder()
                .setBaseModelId(encoder).setMethod(TuningMethod.CLASSIFIER_HEAD)
                .setDataset(DatasetRef.newBuilder().setName(TuningTestSupport.INTENTS))
                .setHyperparameters(Hyperparameters.newBuilder().setEpochs(30).setBatchSize(16).setLearningRate(0.02))
                .setOutputName("Served intent router")).build());
        TuningJob done = TuningTestSupport.await(tuning, job.getId(), JobState.SUCCEEDED, Duration.ofSeconds(120));
        String router = done.getResultModelId();

        CreateDeploymentRequest local = CreateDeploymentRequest.newBuilder().setSpec(DeploymentSpec.newBuilder()
                .setName("router-" + job.getId().substring(0, 6)).setModelId(router)
                .setExecutor(DeploymentExecutor.LOCAL)
                .setGuardrails(Guardrails.newBuilder().setPii("off").setBlockToxicity(true))
                .setCapture(Capture.newBuilder().setSampleRate(0.25)))
                .setIdempotencyKey("router-" + job.getId()).build();
        assertEquals(Status.Code.FAILED_PRECONDITION, assertThrows(StatusRuntimeException.class,
                () -> serving.createDeployment(local)).getStatus().getCode(), "not approved yet");
        UpstreamServices.APPROVED.add(router);
        Deployment deployed = serving.createDeployment(local);
        assertEquals(deployed.getId(), serving.createDeployment(local).getId(), "the same key, the same deployment");
        assertEquals("ready", deployed.getState());
        assertEquals("text-classification", deployed.getTask());
        assertEquals("local:" + deployed.getId(), deployed.getEndpoint());
        assertEquals(List.of("use-case-" + router), deployed.getUseCaseIdsList());
        assertEquals(Guardrails.newBuilder().setPii("redact").setBlockToxicity(true).build(), deployed.getGuardrails(),
                "the use case's redaction and the deployment's own toxicity block: a deployment only tightens");
        assertEquals(Capture.newBuilder().setSampleRate(0.25).setSuite(UpstreamServices.USE_CASE_SUITE).setWindow(200)
                .build(), deployed.getCapture(), "the use case's suite is the reference, 200 inputs a window");
        Deployment stored = serving.getDeployment(GetDeploymentRequest.newBuilder().setId(deployed.getId()).build());
        assertEquals(deployed.getGuardrails(), stored.getGuardrails());
        assertEquals(deployed.getCapture(), stored.getCapture());

        // the test split, served: the accuracy the job measured on it
        List<io.fmp.contracts.eval.v1.Example> test = UpstreamServices.DATASETS.get(TuningTestSupport.INTENTS).stream()
                .filter(e -> e.getSplit().equals("test")).toList();
        ClassifyResponse answers = serving.classify(ClassifyRequest.newBuilder().setDeployment(deployed.getSpec().getName())
                .addAllTexts(test.stream().map(io.fmp.contracts.eval.v1.Example::getInput).toList()).build());
        long right = 0;
        for (int i = 0; i < test.size(); i++) {
            var answer = answers.getResults(i);
            right += answer.getLabel().equals(test.get(i).getLabel()) ? 1 : 0;
            assertEquals(2, answer.getAlternativesCount());
            assertTrue(answer.getScore() >= answer.getAlternatives(0).getScore() && answer.getScore()
                    + answer.getAlternatives(0).getScore() + answer.getAlternatives(1).getScore() <= 1 + 1e-9);
        }
        assertEquals(done.getFinalMetricsOrThrow("test_accuracy"), (double) right / test.size(), 1e-9);
        assertTrue(answers.getTokens() > test.size(), "tokens counted by the encoder's tokenizer");
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> serving.classify(
                ClassifyRequest.newBuilder().setDeployment(deployed.getId()).addTexts("ok").addTexts(" ").build()));
        assertEquals(List.of("texts[1]"), GrpcErrors.fieldViolations(empty).stream().map(FieldViolation::field).toList());

        UpstreamServices.APPROVED.add(encoder);
        Deployment embeddings = serving.createDeployment(CreateDeploymentRequest.newBuilder().setSpec(DeploymentSpec
                .newBuilder().setName("minilm-" + job.getId().substring(0, 6)).setModelId(encoder)
                .setExecutor(DeploymentExecutor.LOCAL)).build());
        assertEquals("feature-extraction", embeddings.getTask());
        float[] expected = SentenceEncoder.require("embedded:all-minilm-l6-v2").encode(List.of("where is my card")).get(0);
        List<Float> served = serving.embed(EmbedRequest.newBuilder().setDeployment(embeddings.getId())
                .addTexts("where is my card").build()).getEmbeddings(0).getValuesList();
        assertEquals(expected.length, served.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], served.get(i), "dimension " + i);
        }
        assertEquals(Status.Code.FAILED_PRECONDITION, assertThrows(StatusRuntimeException.class, () -> serving.classify(
                ClassifyRequest.newBuilder().setDeployment(embeddings.getId()).addTexts("hi").build())).getStatus()
                .getCode(), "an encoder has no labels");
    }

    @Test
    void theGatewaysUsageCountsOncePerBatchAndIsReadBackPerProject() {
        String batch = "gateway-1-" + UUID.randomUUID();
        RecordUsageRequest usage = RecordUsageRequest.newBuilder().setBatchId(batch)
                .addEntries(UsageEntry.newBuilder().setProject("metered").setDeployment("chat").setSubject("key:k1")
                        .setRequests(3).setPromptTokens(120).setCompletionTokens(80).setBlocked(1))
                .addEntries(UsageEntry.newBuilder().setProject("metered").setDeployment("chat").setSubject("key:k2")
                        .setRequests(1).setPromptTokens(10).setCompletionTokens(5)).build();
        Principal member = new Principal("user:alice", "metered", List.of(Principal.PROJECT_ADMIN), false);
        StatusRuntimeException notGateway = assertThrows(StatusRuntimeException.class,
                () -> Callers.as(member, () -> serving.recordUsage(usage)));
        assertEquals(Status.Code.PERMISSION_DENIED, notGateway.getStatus().getCode(), "only a service meters");
        Principal gateway = Principal.service("gateway");
        assertTrue(Callers.as(gateway, () -> serving.recordUsage(usage)).getRecorded());
        assertFalse(Callers.as(gateway, () -> serving.recordUsage(usage)).getRecorded(), "a retried batch counts once");
        Callers.as(gateway, () -> serving.recordUsage(RecordUsageRequest.newBuilder().setBatchId(batch + "-2")
                .addEntries(UsageEntry.newBuilder().setProject("metered").setDeployment("chat").setSubject("key:k1")
                        .setRequests(1).setPromptTokens(1).setCompletionTokens(1)).build()));
        UsageReport report = Callers.as(member, () -> serving.getUsage(GetUsageRequest.getDefaultInstance()));
        assertEquals("metered", report.getProject());
        assertEquals(217, report.getTotalTokens());
        UsageEntry k1 = report.getEntriesList().stream().filter(e -> e.getSubject().equals("key:k1")).findFirst()
                .orElseThrow();
        assertEquals(4, k1.getRequests());
        assertEquals(121, k1.getPromptTokens());
        assertEquals(1, k1.getBlocked());
    }
}
