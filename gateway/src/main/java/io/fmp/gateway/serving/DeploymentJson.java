package io.fmp.gateway.serving;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fmp.contracts.eval.v1.InputDriftReport;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.serving.v1.Capture;
import io.fmp.contracts.serving.v1.ClassifyResponse;
import io.fmp.contracts.serving.v1.CreateDeploymentRequest;
import io.fmp.contracts.serving.v1.Deployment;
import io.fmp.contracts.serving.v1.DeploymentEstimate;
import io.fmp.contracts.serving.v1.DeploymentExecutor;
import io.fmp.contracts.serving.v1.DeploymentSpec;
import io.fmp.contracts.serving.v1.ExternalEndpoint;
import io.fmp.contracts.serving.v1.Scaling;
import io.fmp.contracts.serving.v1.Traffic;
import io.fmp.contracts.serving.v1.UsageReport;
import io.fmp.contracts.tuning.v1.Resources;
import io.fmp.gateway.governance.GovernanceJson.GuardrailsJson;
import io.fmp.gateway.validation.JsonRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** Deployments, classifications and usage as the REST API sends and shows them. */
public final class DeploymentJson {

    private DeploymentJson() {
    }

    @Schema(name = "DeploymentExecutor", description = "local: in the platform, on CPUs (embedded encoders and trained"
            + " heads); kubernetes: vLLM on the cluster's GPUs; external: an OpenAI-compatible endpoint that runs")
    public enum Executor {
        @JsonProperty("local") LOCAL,
        @JsonProperty("kubernetes") KUBERNETES,
        @JsonProperty("external") EXTERNAL
    }

    @Schema(name = "DeploymentResources")
    public record ResourcesJson(@Schema(description = "GPUs per replica (vLLM's tensor parallel size); 0 or absent:"
            + " the catalog's fit estimate") Integer gpuCount,
                                @Schema(description = "A catalog GPU profile or MIG slice; absent: the cheapest that"
                                        + " fits", example = "H100-MIG-3g.40gb") String gpuProduct,
                                @Schema(example = "64Gi") String memory, @Schema(example = "8") String cpu) {
    }

    @Schema(name = "DeploymentScaling")
    public record ScalingJson(Integer minReplicas, Integer maxReplicas,
                              @Schema(description = "Opt-in: no replica while no request waits (KEDA)") Boolean scaleToZero,
                              @Schema(description = "vllm:num_requests_waiting per replica above which one is added")
                              Integer waitingRequestsTarget) implements JsonRequest {
        Scaling proto() {
            return Scaling.newBuilder().setMinReplicas(zero(minReplicas)).setMaxReplicas(zero(maxReplicas))
                    .setScaleToZero(Boolean.TRUE.equals(scaleToZero)).setWaitingRequestsTarget(zero(waitingRequestsTarget))
                    .build();
        }

        static ScalingJson of(Scaling s) {
            return new ScalingJson(s.getMinReplicas(), s.getMaxReplicas(), s.getScaleToZero(), s.getWaitingRequestsTarget());
        }
    }

    @Schema(name = "DeploymentTraffic")
    public record TrafficJson(@Schema(description = "Another catalog model version taking canaryPercent") String canaryModelId,
                              Integer canaryPercent) {
    }

    @Schema(name = "ExternalEndpoint")
    public record ExternalJson(@Schema(required = true, description = "The OpenAI base URL",
            example = "https://api.example.com/v1") String url,
                               @Schema(description = "The model name the endpoint knows") String upstreamModel,
                               @Schema(description = "env:<VARIABLE> or k8s:<secret>/<key>, bound by the operator to"
                                       + " the URL's origin; never the secret", example = "env:FMP_SECRET_TEAM_VLLM")
                               String secretRef) {
    }

    @Schema(name = "Capture", description = "Opt-in: a sample of the inputs (after the guardrails, never what they"
            + " redacted) is compared with the suite's dataset in windows (input drift); a drifting window puts the use"
            + " cases relying on the model under review and re-evaluates them. Inputs are deleted once measured.")
    public record CaptureJson(@Schema(description = "Share of requests sampled, above 0 and at most 1", example = "0.05")
                              Double sampleRate,
                              @Schema(description = "The suite whose dataset is the reference; absent: the first suite of"
                                      + " the model's use case") String suite,
                              @Schema(description = "Inputs per measurement, 20 to 5000; absent: 200") Integer window) {
        Capture proto() {
            return Capture.newBuilder().setSampleRate(sampleRate == null ? 0 : sampleRate).setSuite(empty(suite))
                    .setWindow(zero(window)).build();
        }

        static CaptureJson of(Capture c) {
            return new CaptureJson(c.getSampleRate(), c.getSuite(), c.getWindow());
        }
    }

    @Schema(name = "DeploymentRequest", description = "A deployment of a catalog model")
    public record Request(
            @Schema(required = true, description = "A DNS label: the model name OpenAI clients send",
                    example = "banking77-router") String name,
            @Schema(required = true, description = "A catalog model version") String modelId,
            @Schema(description = "LoRA adapters (tuned models) served on top, kubernetes only") List<String> adapterModelIds,
            @Schema(required = true) Executor executor,
            ResourcesJson resources, ScalingJson scaling, TrafficJson traffic, ExternalJson external,
            @Schema(description = "Another deployment the gateway turns to on a 5xx or a timeout") String fallback,
            @Schema(description = "vLLM --max-model-len; absent: the model's context window") Integer maxModelLen,
            @Schema(description = "Checks on top of the use case's: they can only tighten them") GuardrailsJson guardrails,
            CaptureJson capture)
            implements JsonRequest {

        CreateDeploymentRequest proto(String idempotencyKey) {
            DeploymentSpec.Builder spec = DeploymentSpec.newBuilder().setName(empty(name)).setModelId(empty(modelId))
                    .addAllAdapterModelIds(adapterModelIds == null ? List.of() : adapterModelIds)
                    .setExecutor(executor == null ? DeploymentExecutor.DEPLOYMENT_EXECUTOR_UNSPECIFIED
                            : DeploymentExecutor.valueOf(executor.name()))
                    .setFallback(empty(fallback)).setMaxModelLen(zero(maxModelLen));
            if (resources != null) {
                spec.setResources(Resources.newBuilder().setGpuCount(zero(resources.gpuCount()))
                        .setGpuProduct(empty(resources.gpuProduct())).setMemory(empty(resources.memory()))
                        .setCpu(empty(resources.cpu())));
            }
            if (scaling != null) {
                spec.setScaling(scaling.proto());
            }
            if (traffic != null) {
                spec.setTraffic(Traffic.newBuilder().setCanaryModelId(empty(traffic.canaryModelId()))
                        .setCanaryPercent(zero(traffic.canaryPercent())));
            }
            if (guardrails != null) {
                spec.setGuardrails(guardrails.proto());
            }
            if (capture != null) {
                spec.setCapture(capture.proto());
            }
            if (external != null) {
                spec.setExternal(ExternalEndpoint.newBuilder().setUrl(empty(external.url()))
                        .setUpstreamModel(empty(external.upstreamModel())).setSecretRef(empty(external.secretRef())));
            }
            return CreateDeploymentRequest.newBuilder().setSpec(spec).setIdempotencyKey(empty(idempotencyKey)).build();
        }
    }

    @Schema(name = "DeploymentCost", description = "Per hour at the minimum replicas (at least one), and per million tokens")
    public record CostJson(double gpuHoursPerHour, double usdPerHour, double kwhPerHour, double kgCo2PerHour,
                           double usdPerMillionTokens, String basis) {
    }

    @Schema(name = "DeploymentEstimate")
    public record EstimateJson(CostJson cost, int tensorParallelSize, String gpuProduct) {
        static EstimateJson of(DeploymentEstimate e) {
            var c = e.getCost();
            return new EstimateJson(new CostJson(c.getGpuHoursPerHour(), c.getUsdPerHour(), c.getKwhPerHour(),
                    c.getKgCo2PerHour(), c.getUsdPerMillionTokens(), c.getBasis()), e.getTensorParallelSize(),
                    e.getGpuProduct());
        }
    }

    @Schema(name = "DeploymentAccrued", description = "What it has cost and served so far")
    public record AccruedJson(double gpuHours, double usd, double kwh, double kgCo2, long promptTokens,
                              long completionTokens) {
    }

    @Schema(name = "Deployment")
    public record Response(String id, String project, String name, String modelId, String modelName,
                           List<String> adapterModelIds, Executor executor,
                           @Schema(description = "pending, ready, drained, failed or deleted") String state,
                           String reason, String task,
                           @Schema(description = "Where the gateway sends its requests") String endpoint,
                           String servedModel, List<String> servedAdapters, int readyReplicas, ScalingJson scaling,
                           TrafficJson traffic, String fallback,
                           @Schema(description = "What the gateway applies: the strictest of the use cases' and the"
                                   + " request's") GuardrailsJson guardrails,
                           @Schema(description = "The use cases whose approval let the model through the gate")
                           List<String> useCaseIds,
                           @Schema(description = "The input capture in force, its suite resolved; absent: off")
                           CaptureJson capture, List<String> objects,
                           EstimateJson estimate,
                           AccruedJson accrued, String createdBy, Instant createdAt, Instant updatedAt) {
        static Response of(Deployment d) {
            DeploymentSpec s = d.getSpec();
            var a = d.getAccrued();
            return new Response(d.getId(), d.getProject(), s.getName(), s.getModelId(), d.getModelName(),
                    s.getAdapterModelIdsList(), Executor.valueOf(s.getExecutor().name()), d.getState(),
                    d.getReason().isEmpty() ? null : d.getReason(), d.getTask(),
                    d.getEndpoint().isEmpty() ? null : d.getEndpoint(), d.getServedModel(), d.getServedAdaptersList(),
                    d.getReadyReplicas(), ScalingJson.of(s.getScaling()), s.hasTraffic() ? new TrafficJson(
                    s.getTraffic().getCanaryModelId(), s.getTraffic().getCanaryPercent()) : null,
                    s.getFallback().isEmpty() ? null : s.getFallback(), GuardrailsJson.of(d.getGuardrails()),
                    d.getUseCaseIdsList(), d.hasCapture() ? CaptureJson.of(d.getCapture()) : null, d.getObjectsList(),
                    EstimateJson.of(d.getEstimate()), new AccruedJson(a.getGpuHours(), a.getUsd(), a.getKwh(),
                    a.getKgCo2(), a.getPromptTokens(), a.getCompletionTokens()), d.getCreatedBy(),
                    ProtoTimestamps.toInstant(d.getCreatedAt()), ProtoTimestamps.toInstant(d.getUpdatedAt()));
        }
    }

    @Schema(name = "DeploymentList")
    public record ListJson(List<Response> deployments) {
    }

    @Schema(name = "ClassifyRequest")
    public record ClassifyJson(@Schema(required = true, description = "1 to 256 texts",
            example = "[\"I still have not received my new card\"]") List<String> texts) implements JsonRequest {
    }

    @Schema(name = "LabelScore")
    public record LabelJson(String label, double score) {
    }

    @Schema(name = "Classification", description = "The label with its probability, and the next best labels")
    public record ClassificationJson(String label, double score, List<LabelJson> alternatives) {
    }

    @Schema(name = "Classifications")
    public record ClassificationsJson(String deployment, String modelId, List<ClassificationJson> results, long tokens) {
        static ClassificationsJson of(String deployment, ClassifyResponse r) {
            return new ClassificationsJson(deployment, r.getModelId(), r.getResultsList().stream().map(c ->
                    new ClassificationJson(c.getLabel(), c.getScore(), c.getAlternativesList().stream().map(l ->
                            new LabelJson(l.getLabel(), l.getScore())).toList())).toList(), r.getTokens());
        }
    }

    @Schema(name = "UsageEntry")
    public record UsageEntryJson(String deployment, @Schema(description = "key:<id> or a token's subject") String subject,
                                 long requests, long promptTokens, long completionTokens, long blocked, long errors) {
    }

    @Schema(name = "Usage", description = "A project's token use this month, per deployment and caller")
    public record UsageJson(String project, String month, long totalTokens,
                            @Schema(description = "0: no budget") long tokenBudget, List<UsageEntryJson> entries) {
        static UsageJson of(UsageReport r) {
            return new UsageJson(r.getProject(), r.getMonth(), r.getTotalTokens(), r.getTokenBudget(),
                    r.getEntriesList().stream().map(e -> new UsageEntryJson(e.getDeployment(), e.getSubject(),
                            e.getRequests(), e.getPromptTokens(), e.getCompletionTokens(), e.getBlocked(),
                            e.getErrors())).toList());
        }
    }

    static int zero(Integer value) {
        return value == null ? 0 : value;
    }

    static String empty(String value) {
        return value == null ? "" : value;
    }

    @Schema(name = "InputDriftMeasurement", description = "One window of sampled inputs against the suite's dataset")
    public record DriftMeasurementJson(String modelId, String suite, int suiteVersion,
                                       @Schema(description = "The encoder whose embedding space it is measured in")
                                       String encoder, int inputs, int referenceInputs,
                                       @Schema(description = "Distance between the window's and the reference's mean"
                                               + " embeddings") double centroidDistance,
                                       @Schema(description = "Permutation test of that distance: the chance of one at"
                                               + " least as large if the window came from the reference") double pValue,
                                       @Schema(description = "Share of the window farther from the reference than 99 %"
                                               + " of the reference itself") double outOfDomainShare,
                                       @Schema(description = "Significant (p below the limit) and material (enough out"
                                               + " of domain)") boolean drifted,
                                       Instant measuredAt) {
    }

    @Schema(name = "InputDrift")
    public record DriftJson(String deployment, @Schema(description = "Inputs sampled, waiting for the next window")
    int pending, List<DriftMeasurementJson> measurements) {
        static DriftJson of(InputDriftReport r) {
            return new DriftJson(r.getDeployment(), r.getPending(), r.getMeasurementsList().stream().map(m ->
                    new DriftMeasurementJson(m.getModelId(), m.getSuite(), m.getSuiteVersion(), m.getEncoder(),
                            m.getInputs(), m.getReferenceInputs(), m.getCentroidDistance(), m.getPValue(),
                            m.getOutOfDomainShare(), m.getDrifted(), ProtoTimestamps.toInstant(m.getMeasuredAt())))
                    .toList());
        }
    }
}
