package io.fmp.tuning.grpc;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.serving.v1.Classification;
import io.fmp.contracts.serving.v1.ClassifyRequest;
import io.fmp.contracts.serving.v1.ClassifyResponse;
import io.fmp.contracts.serving.v1.CreateDeploymentRequest;
import io.fmp.contracts.serving.v1.Deployment;
import io.fmp.contracts.serving.v1.DeploymentEstimate;
import io.fmp.contracts.serving.v1.EmbedRequest;
import io.fmp.contracts.serving.v1.EmbedResponse;
import io.fmp.contracts.serving.v1.Embedding;
import io.fmp.contracts.serving.v1.GetDeploymentRequest;
import io.fmp.contracts.serving.v1.GetUsageRequest;
import io.fmp.contracts.serving.v1.LabelScore;
import io.fmp.contracts.serving.v1.ListDeploymentsRequest;
import io.fmp.contracts.serving.v1.ListDeploymentsResponse;
import io.fmp.contracts.serving.v1.RecordUsageRequest;
import io.fmp.contracts.serving.v1.RecordUsageResponse;
import io.fmp.contracts.serving.v1.ScaleDeploymentRequest;
import io.fmp.contracts.serving.v1.ServingService;
import io.fmp.contracts.serving.v1.UsageEntry;
import io.fmp.contracts.serving.v1.UsageReport;
import io.fmp.platform.identity.Callers;
import io.fmp.tuning.TuningConfig;
import io.fmp.tuning.catalog.CatalogClient;
import io.fmp.tuning.deployments.Deployments;
import io.fmp.tuning.deployments.LocalModels;
import io.fmp.tuning.deployments.ModelDeployment;
import io.fmp.tuning.deployments.Usage;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** gRPC adapter of serving: deployments, local inference, and the gateway's usage metering. */
@GrpcService
@Blocking
public class ServingGrpcService implements ServingService {

    /** Next-best labels a classification returns besides its answer. */
    static final int ALTERNATIVES = 2;
    static final int MAX_TEXT_CHARS = 20_000;

    @Inject
    Deployments deployments;

    @Inject
    LocalModels local;

    @Inject
    CatalogClient catalog;

    @Inject
    Usage usage;

    @Inject
    TuningConfig config;

    @Override
    public Uni<DeploymentEstimate> estimateDeployment(CreateDeploymentRequest request) {
        return GrpcErrors.answer(() -> {
            Deployments.Prepared prepared = deployments.prepare(Callers.require(Principal.VIEWER),
                    ServingMapping.plan(request));
            return ServingMapping.estimate(prepared.estimate(), prepared.plan().scaling().minReplicas());
        });
    }

    @Override
    public Uni<Deployment> createDeployment(CreateDeploymentRequest request) {
        return GrpcErrors.answer(() -> mapped(deployments.create(Callers.require(Principal.CONTRIBUTOR),
                ServingMapping.plan(request), request.getIdempotencyKey())));
    }

    @Override
    public Uni<Deployment> getDeployment(GetDeploymentRequest request) {
        return GrpcErrors.answer(() -> mapped(deployments.get(Callers.require(Principal.VIEWER), request.getId())));
    }

    @Override
    public Uni<ListDeploymentsResponse> listDeployments(ListDeploymentsRequest request) {
        return GrpcErrors.answer(() -> ListDeploymentsResponse.newBuilder().addAllDeployments(deployments.list(
                Callers.require(Principal.VIEWER), request.getState()).stream().map(this::mapped).toList()).build());
    }

    @Override
    public Uni<Deployment> scaleDeployment(ScaleDeploymentRequest request) {
        return GrpcErrors.answer(() -> mapped(deployments.scale(Callers.require(Principal.CONTRIBUTOR), request.getId(),
                ServingMapping.scaling(request.getScaling()))));
    }

    @Override
    public Uni<Deployment> deleteDeployment(GetDeploymentRequest request) {
        return GrpcErrors.answer(() -> mapped(deployments.delete(Callers.require(Principal.CONTRIBUTOR), request.getId())));
    }

    @Override
    public Uni<ClassifyResponse> classify(ClassifyRequest request) {
        return GrpcErrors.answer(() -> {
            ModelDeployment d = localDeployment(request.getDeployment(), request.getTextsList(),
                    ModelDeployment.TASK_CLASSIFICATION);
            LocalModels.Loaded model = loaded(d);
            LocalModels.Classified classified = LocalModels.classify(model, request.getTextsList(), ALTERNATIVES);
            ClassifyResponse.Builder response = ClassifyResponse.newBuilder().setModelId(d.modelId)
                    .setTokens(classified.tokens());
            for (List<LocalModels.Scored> ranked : classified.ranked()) {
                Classification.Builder c = Classification.newBuilder().setLabel(ranked.get(0).label())
                        .setScore(ranked.get(0).score());
                ranked.subList(1, ranked.size()).forEach(s -> c.addAlternatives(LabelScore.newBuilder()
                        .setLabel(s.label()).setScore(s.score())));
                response.addResults(c);
            }
            return response.build();
        });
    }

    @Override
    public Uni<EmbedResponse> embed(EmbedRequest request) {
        return GrpcErrors.answer(() -> {
            ModelDeployment d = localDeployment(request.getDeployment(), request.getTextsList(),
                    ModelDeployment.TASK_EMBEDDINGS);
            LocalModels.Loaded model = loaded(d);
            var encoded = model.encoder().encodeCounted(request.getTextsList());
            EmbedResponse.Builder response = EmbedResponse.newBuilder().setModelId(d.modelId)
                    .setTokens(encoded.tokens());
            for (float[] vector : encoded.vectors()) {
                Embedding.Builder e = Embedding.newBuilder();
                for (float v : vector) {
                    e.addValues(v);
                }
                response.addEmbeddings(e);
            }
            return response.build();
        });
    }

    private LocalModels.Loaded loaded(ModelDeployment d) {
        return local.resolve(d.modelId, () -> catalog.card(d.modelId).orElseThrow(() ->
                new StateConflictException("model " + d.modelId + " is no longer in the catalog")));
    }

    /** A ready local deployment of the task the caller sees; the texts checked. */
    private ModelDeployment localDeployment(String idOrName, List<String> texts, String task) {
        ModelDeployment d = deployments.get(Callers.require(Principal.VIEWER), idOrName);
        List<FieldViolation> violations = new ArrayList<>();
        if (texts.isEmpty() || texts.size() > config.serving().maxTextsPerCall()) {
            violations.add(new FieldViolation("texts", "must hold 1 to " + config.serving().maxTextsPerCall() + " texts"));
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank() || texts.get(i).length() > MAX_TEXT_CHARS) {
                violations.add(new FieldViolation("texts[" + i + "]", "must be 1 to " + MAX_TEXT_CHARS
                        + " characters, not blank"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (d.currentState() != ModelDeployment.State.READY) {
            throw new StateConflictException("deployment " + d.name + " is " + d.state
                    + (d.reason == null ? "" : " (" + d.reason + ")"));
        }
        if (!d.endpoint.startsWith(ModelDeployment.LOCAL_ENDPOINT) || !d.task.equals(task)) {
            throw new StateConflictException("deployment " + d.name + " serves " + d.task + " on " + d.executor
                    + "; this call is for " + task + " on a local deployment");
        }
        return d;
    }

    @Override
    public Uni<RecordUsageResponse> recordUsage(RecordUsageRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal::isService, "a platform service's own account (the gateway's)");
            if (request.getBatchId().isBlank() || request.getBatchId().length() > 100) {
                throw new InvalidInputException("batchId", "must be 1 to 100 characters");
            }
            boolean recorded = usage.record(request.getBatchId(), request.getEntriesList().stream().map(e ->
                    new Usage.Entry(e.getProject(), e.getDeployment(), e.getSubject(), e.getRequests(),
                            e.getPromptTokens(), e.getCompletionTokens(), e.getBlocked(), e.getErrors())).toList());
            return RecordUsageResponse.newBuilder().setRecorded(recorded).build();
        });
    }

    @Override
    public Uni<UsageReport> getUsage(GetUsageRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.VIEWER);
            String project = request.getProject().isBlank() ? caller.owningProject() : request.getProject();
            if (!caller.sees(project)) {
                throw new io.fmp.contracts.errors.ResourceNotFoundException("project", project);
            }
            List<Usage.Entry> entries = usage.month(project);
            return UsageReport.newBuilder().setProject(project).setMonth(Usage.month(OffsetDateTime.now(ZoneOffset.UTC)))
                    .addAllEntries(entries.stream().map(e -> UsageEntry.newBuilder().setProject(project)
                            .setDeployment(e.deployment()).setSubject(e.subject()).setRequests(e.requests())
                            .setPromptTokens(e.promptTokens()).setCompletionTokens(e.completionTokens())
                            .setBlocked(e.blocked()).setErrors(e.errors()).build()).toList())
                    .setTotalTokens(entries.stream().mapToLong(e -> e.promptTokens() + e.completionTokens()).sum())
                    .setTokenBudget(config.serving().tokenBudget(project))
                    .build();
        });
    }

    private Deployment mapped(ModelDeployment d) {
        long[] tokens = usage.tokens(d.project, d.name);
        return ServingMapping.deployment(d, tokens[0], tokens[1]);
    }
}
