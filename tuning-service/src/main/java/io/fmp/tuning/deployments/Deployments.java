package io.fmp.tuning.deployments;

import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.errors.ConflictException;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.DeploymentChanged;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.Json;
import io.fmp.tuning.TuningConfig;
import io.fmp.tuning.catalog.CatalogClient;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.fmp.tuning.jobs.BaseModelFacts;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.JobValidator;
import io.fmp.tuning.jobs.TuningJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deployments of catalog models: checked, placed, costed and let through governance's deployment gate before
 * anything runs; then served in this process ({@code local}), rendered onto the cluster and watched until ready
 * ({@code kubernetes}), or registered as they are ({@code external}). A revoked approval drains every deployment of
 * the model. Every change is a {@code deployment.*} event, so governance audits it.
 */
@ApplicationScoped
public class Deployments {

    private static final Logger LOG = Logger.getLogger(Deployments.class);
    static final Pattern HUGGING_FACE = Pattern.compile("https://huggingface\\.co/([A-Za-z0-9._-]+/[A-Za-z0-9._-]+)/?");
    /** Context the fit estimate sizes a replica's KV cache for when the request names none. */
    static final int DEFAULT_CONTEXT = 8192;
    /** Concurrent sequences a replica is sized for. */
    static final int FIT_BATCH = 8;
    /** Tokens of a typical text a local model classifies or embeds. */
    static final double LOCAL_TOKENS_PER_TEXT = 20;

    /** A checked request with everything resolved that creating it needs. */
    public record Prepared(DeploymentPlan plan, ModelCard model, String task, String servedModel,
                           List<InferenceManifests.Adapter> adapters, JobSpec.Resources placed, ModelCard canary,
                           DeploymentCosts.Estimate estimate) {
    }

    @Inject
    CatalogClient catalog;

    @Inject
    DeploymentGate gate;

    @Inject
    ClusterDeployments cluster;

    @Inject
    LocalModels local;

    @Inject
    Outbox outbox;

    @Inject
    TuningConfig config;

    /** Validates, resolves, places and costs; creates nothing and asks no gate. */
    public Prepared prepare(Principal caller, DeploymentPlan asked) {
        DeploymentPlan plan = DeploymentValidator.check(asked);
        ModelCard model = visibleModel(caller, plan.modelId(), "modelId");
        return switch (plan.executor()) {
            case LOCAL -> {
                LocalModels.Loaded loaded = local.resolve(model);
                yield new Prepared(plan, model, loaded.task(), plan.name(), List.of(), null, null,
                        DeploymentCosts.local(TuningCostEstimator.Prices.DEFAULT, LOCAL_TOKENS_PER_TEXT));
            }
            case EXTERNAL -> {
                var price = model.getCard().getFacts().getApiPrice();
                boolean priced = model.getCard().getFacts().hasApiPrice();
                CostEstimate api = catalog.estimateCost(DeploymentCosts.api(price.getUsdPerMillionInput(),
                        price.getUsdPerMillionOutput()));
                String upstream = plan.external().upstreamModel() == null || plan.external().upstreamModel().isBlank()
                        ? model.getCard().getName() : plan.external().upstreamModel();
                yield new Prepared(plan, model, task(model), upstream, List.of(), null, null,
                        DeploymentCosts.external(api, priced));
            }
            case KUBERNETES -> prepareOnCluster(caller, plan, model);
        };
    }

    private Prepared prepareOnCluster(Principal caller, DeploymentPlan plan, ModelCard model) {
        if (!config.serving().kubernetesEnabled()) {
            throw new InvalidInputException("executor", "this platform serves on no cluster"
                    + " (fmp.tuning.serving.kubernetes-enabled); use local or external");
        }
        repository(model, "modelId");
        BaseModelFacts facts = CatalogClient.facts(model);
        int context = plan.maxModelLen() > 0 ? plan.maxModelLen() : model.getCard().getContextWindow() > 0
                ? Math.min(model.getCard().getContextWindow(), DEFAULT_CONTEXT) : DEFAULT_CONTEXT;
        FitEstimate fit = catalog.fit(facts, context, FIT_BATCH);
        DeploymentPlan.Resources asked = plan.resources();
        JobSpec.Resources placed = JobValidator.placeGpu(new JobSpec.Resources(asked.gpuCount(), null, asked.memory(),
                asked.cpu()), fit.getTotalGb(), asked.gpuProduct(), CatalogClient.gpus(fit), "deployment");
        List<InferenceManifests.Adapter> adapters = new ArrayList<>();
        for (int i = 0; i < plan.adapterModelIds().size(); i++) {
            adapters.add(adapter(caller, plan.adapterModelIds().get(i), model.getId(), "adapterModelIds[" + i + "]"));
        }
        ModelCard canary = null;
        if (plan.traffic().canaryModelId() != null) {
            canary = visibleModel(caller, plan.traffic().canaryModelId(), "traffic.canaryModelId");
            repository(canary, "traffic.canaryModelId");
        }
        CostEstimate monthly = catalog.estimateCost(DeploymentCosts.selfHosted(placed.gpu(), placed.gpuCount(),
                model.getCard().getParameterCount(), config.serving().targetUtilisation(),
                TuningCostEstimator.Prices.DEFAULT));
        return new Prepared(plan, model, task(model), plan.name(), adapters, placed, canary,
                DeploymentCosts.gpu(monthly, placed.gpu(), placed.gpuCount(), model.getCard().getParameterCount(),
                        config.serving().targetUtilisation()));
    }

    /** A LoRA adapter: a tuned model of this base whose weights a tuning job left on the workspace claim. */
    private InferenceManifests.Adapter adapter(Principal caller, String adapterId, String baseId, String field) {
        ModelCard card = visibleModel(caller, adapterId, field);
        var lineage = card.getCard().getLineage();
        if (lineage.getArtifactKind() != ArtifactKind.ADAPTER || !lineage.getBaseModelId().equals(baseId)) {
            throw new InvalidInputException(field, "must be a LoRA adapter tuned from the deployed model " + baseId);
        }
        if (!lineage.getArtifactUri().startsWith("pvc://")) {
            throw new InvalidInputException(field, "the adapter's weights are at " + lineage.getArtifactUri()
                    + "; vLLM mounts adapters from the tuning workspace (pvc://)");
        }
        TuningJob job = TuningJob.findById(lineage.getTuningJobId());
        int rank = job == null || job.jobSpec().lora() == null ? 16 : job.jobSpec().lora().r();
        String name = (card.getCard().getName() + "-" + card.getCard().getVersion()).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-");
        return new InferenceManifests.Adapter(name, lineage.getArtifactUri(), rank);
    }

    private String repository(ModelCard model, String field) {
        Matcher m = HUGGING_FACE.matcher(model.getCard().getFacts().getSourceUrl());
        if (!m.matches()) {
            throw new InvalidInputException(field, model.getCard().getName() + " names no Hugging Face source"
                    + " (facts.sourceUrl https://huggingface.co/<org>/<model>) for vLLM to load");
        }
        if (!config.kubernetes().sources().allows(m.group(1))) {
            throw new InvalidInputException(field, m.group(1) + " is not among the sources this platform loads"
                    + " models from (fmp.tuning.kubernetes.model-sources)");
        }
        return m.group(1);
    }

    private static String task(ModelCard model) {
        List<String> tasks = model.getCard().getTasksList();
        if (tasks.contains("feature-extraction") || tasks.contains("sentence-similarity")) {
            return ModelDeployment.TASK_EMBEDDINGS;
        }
        return tasks.contains("text-classification") && !tasks.contains("text-generation")
                ? ModelDeployment.TASK_CLASSIFICATION : ModelDeployment.TASK_GENERATION;
    }

    private ModelCard visibleModel(Principal caller, String modelId, String field) {
        ModelCard model = catalog.card(modelId).filter(m -> caller.sees(m.getProject())).orElseThrow(() ->
                new InvalidInputException(field, "is not a model in the catalog"));
        if (model.getLifecycleState() == io.fmp.contracts.catalog.v1.LifecycleState.RETIRED) {
            throw new InvalidInputException(field, model.getCard().getName() + " " + model.getCard().getVersion()
                    + " is retired");
        }
        return model;
    }

    /**
     * Creates a deployment once governance's deployment gate allows its model (and canary and adapters); the same
     * idempotency key returns the first one.
     */
    public ModelDeployment create(Principal caller, DeploymentPlan asked, String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            throw new InvalidInputException("idempotencyKey", "must be at most 200 characters");
        }
        String project = caller.owningProject();
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey;
        if (key != null) {
            Optional<ModelDeployment> earlier = byKey(project, key);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Prepared prepared = prepare(caller, asked);
        DeploymentGate.Passed passed = passGate(prepared);
        DeploymentPlan.Capture capture = resolvedCapture(prepared.plan(), passed);
        ModelDeployment created;
        try {
            created = QuarkusTransaction.requiringNew().call(() -> persist(caller, project, prepared, passed, capture,
                    key));
        } catch (RuntimeException e) {
            // two requests with one key at once: the unique key lets one in, the other answers with its deployment
            Optional<ModelDeployment> winner = key == null ? Optional.empty() : byKey(project, key);
            if (winner.isPresent()) {
                return winner.get();
            }
            throw e;
        }
        if (prepared.plan().executor() == DeploymentPlan.Executor.KUBERNETES) {
            try {
                cluster.apply(served(created, prepared), created.onKServe());
            } catch (RuntimeException e) {
                LOG.warnf(e, "Deployment %s: the cluster refused its objects", created.id);
                fail(created.id, "the cluster refused its objects: " + e.getMessage());
            }
        }
        return ModelDeployment.findById(created.id);
    }

    private static Optional<ModelDeployment> byKey(String project, String key) {
        return QuarkusTransaction.requiringNew().call(() -> ModelDeployment.<ModelDeployment>find(
                "project = ?1 and idempotencyKey = ?2", project, key).firstResultOptional());
    }

    /** The gate for the model, its canary and each adapter: all must pass; their use cases and guardrails add up. */
    private DeploymentGate.Passed passGate(Prepared prepared) {
        DeploymentGate.Passed passed = gate.require(prepared.model().getId(), "model");
        if (prepared.canary() != null) {
            passed = passed.and(gate.require(prepared.canary().getId(), "canary model"));
        }
        for (String adapter : prepared.plan().adapterModelIds()) {
            passed = passed.and(gate.require(adapter, "adapter"));
        }
        return passed;
    }

    /** The capture asked for, with its reference suite: the one named, else the first of the model's use cases. */
    private static DeploymentPlan.Capture resolvedCapture(DeploymentPlan plan, DeploymentGate.Passed passed) {
        DeploymentPlan.Capture capture = plan.capture();
        if (capture == null || capture.suite() != null) {
            return capture;
        }
        if (passed.suites().isEmpty()) {
            throw new InvalidInputException("capture.suite", "the model's use cases name no suite to compare inputs"
                    + " with: name one");
        }
        return capture.withSuite(passed.suites().get(0));
    }

    private ModelDeployment persist(Principal caller, String project, Prepared p, DeploymentGate.Passed passed,
                                    DeploymentPlan.Capture capture, String key) {
        DeploymentPlan plan = p.plan();
        if (ModelDeployment.count("project = ?1 and liveName = ?2", project, plan.name()) > 0) {
            throw new ConflictException("a deployment named " + plan.name() + " exists in project " + project
                    + "; delete it first or pick another name");
        }
        ModelDeployment d = new ModelDeployment();
        d.id = UUID.randomUUID().toString();
        d.project = project;
        d.name = plan.name();
        d.liveName = plan.name();
        d.modelId = plan.modelId();
        d.modelName = p.model().getCard().getName() + " " + p.model().getCard().getVersion();
        d.executor = plan.executor().word();
        d.plan = Json.write(plan);
        d.task = p.task();
        d.servedModel = p.servedModel();
        d.servedAdapters = Json.write(p.adapters().stream().map(InferenceManifests.Adapter::name).toList());
        d.objects = Json.write(List.of());
        d.estimate = Json.write(p.estimate());
        d.useCaseIds = Json.write(passed.useCaseIds());
        d.guardrails = Json.write(passed.guardrails().strictest(plan.guardrails()));
        d.capture = capture == null ? null : Json.write(capture);
        d.idempotencyKey = key;
        d.createdBy = caller.subject();
        d.createdAt = now();
        d.updatedAt = d.createdAt;
        d.accruedAt = d.createdAt;
        switch (plan.executor()) {
            case LOCAL -> {
                d.state = ModelDeployment.State.READY.word();
                d.endpoint = ModelDeployment.LOCAL_ENDPOINT + d.id;
                d.readyReplicas = 1;
            }
            case EXTERNAL -> {
                d.state = ModelDeployment.State.READY.word();
                d.endpoint = plan.external().url();
            }
            case KUBERNETES -> {
                d.state = ModelDeployment.State.PENDING.word();
                d.objectName = objectName(plan.name(), d.id);
                // the variant is the deployment's for life: a changed chart value applies to new deployments
                d.objects = Json.write(config.serving().kserve() ? List.of("InferenceService")
                        : List.of("Deployment", "Service", "ScaledObject"));
                d.reason = "waiting for the cluster to start " + plan.scaling().minReplicas() + " replica(s)";
            }
        }
        d.persist();
        emit(EventTypes.DEPLOYMENT_CREATED, d, caller.subject(), "created on " + d.executor
                + (p.placed() == null ? "" : " (" + p.placed().gpuCount() + " x " + p.placed().gpu().name() + ")"));
        if (d.currentState() == ModelDeployment.State.READY) {
            emit(EventTypes.DEPLOYMENT_READY, d, caller.subject(), "serving at " + d.endpoint);
        }
        LOG.infof("Deployment %s (%s) of %s in %s: %s on %s", d.name, d.id, d.modelName, project, d.state, d.executor);
        return d;
    }

    static String objectName(String name, String id) {
        return "fmp-" + name + "-" + id.substring(0, 8);
    }

    private InferenceManifests.Served served(ModelDeployment d, Prepared p) {
        DeploymentPlan plan = d.deploymentPlan();
        InferenceManifests.Model model = new InferenceManifests.Model(d.servedModel, "hf://" + repository(p.model(),
                "modelId"));
        InferenceManifests.Model canary = p.canary() == null ? null : new InferenceManifests.Model(d.servedModel,
                "hf://" + repository(p.canary(), "traffic.canaryModelId"));
        return new InferenceManifests.Served(d.objectName, d.id, d.project, model, p.adapters(), p.placed(),
                plan.scaling(), plan.maxModelLen(), canary, plan.traffic().canaryPercent());
    }

    /** The deployment, by id or name, when the caller sees its project. */
    public ModelDeployment get(Principal caller, String idOrName) {
        ModelDeployment d = ModelDeployment.findById(idOrName);
        if (d == null) {
            d = caller.lookUpByName(project -> ModelDeployment.<ModelDeployment>find("project = ?1 and liveName = ?2",
                    project, idOrName).firstResult());
        }
        if (d == null || !caller.sees(d.project)) {
            throw new ResourceNotFoundException("deployment", idOrName);
        }
        return d;
    }

    public List<ModelDeployment> list(Principal caller, String state) {
        List<String> projects = caller.visibleProjects();
        StringBuilder query = new StringBuilder("state != 'deleted'");
        io.quarkus.panache.common.Parameters parameters = new io.quarkus.panache.common.Parameters();
        if (state != null && !state.isBlank()) {
            query = new StringBuilder("state = :state");
            parameters.and("state", state);
        }
        if (projects != null) {
            query.append(" and project in :projects");
            parameters.and("projects", projects);
        }
        return ModelDeployment.<ModelDeployment>find(query + " order by createdAt desc", parameters).list();
    }

    /** New replica bounds; the gate is asked again (more replicas of a model governance no longer allows: no). */
    public ModelDeployment scale(Principal caller, String idOrName, DeploymentPlan.Scaling scaling) {
        ModelDeployment d = get(caller, idOrName);
        requireChange(caller, d);
        DeploymentPlan plan = d.deploymentPlan();
        DeploymentPlan.Scaling checked = DeploymentValidator.checkScaling(scaling, plan.executor());
        if (d.currentState() == ModelDeployment.State.DRAINED) {
            throw new StateConflictException("deployment " + d.name + " was drained (" + d.reason + "); create a new"
                    + " one once governance approves its model again");
        }
        if (!d.currentState().running()) {
            throw new StateConflictException("deployment " + d.name + " is " + d.state);
        }
        if (plan.executor() != DeploymentPlan.Executor.KUBERNETES) {
            throw new InvalidInputException("scaling", "only kubernetes deployments have replicas to scale");
        }
        Prepared prepared = prepare(caller, plan.withScaling(checked));
        DeploymentGate.Passed passed = passGate(prepared);
        cluster.apply(served(d, prepared), d.onKServe());
        return QuarkusTransaction.requiringNew().call(() -> {
            ModelDeployment changed = ModelDeployment.findById(d.id);
            changed.plan = Json.write(plan.withScaling(checked));
            // the use cases relying on the model now, and their guardrails as they are now
            changed.useCaseIds = Json.write(passed.useCaseIds());
            changed.guardrails = Json.write(passed.guardrails().strictest(plan.guardrails()));
            changed.updatedAt = now();
            emit(EventTypes.DEPLOYMENT_SCALED, changed, caller.subject(), "replicas " + checked.minReplicas() + " to "
                    + checked.maxReplicas() + (checked.scaleToZero() ? ", to zero when idle" : ""));
            return changed;
        });
    }

    public ModelDeployment delete(Principal caller, String idOrName) {
        ModelDeployment d = get(caller, idOrName);
        requireChange(caller, d);
        if (d.currentState() == ModelDeployment.State.DELETED) {
            return d;
        }
        if (d.objectName != null) {
            cluster.delete(d.objectName, d.onKServe());
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            ModelDeployment gone = ModelDeployment.findById(d.id);
            accrue(gone, now());
            gone.state = ModelDeployment.State.DELETED.word();
            gone.liveName = null;
            gone.readyReplicas = 0;
            gone.reason = "deleted by " + caller.subject();
            gone.updatedAt = now();
            emit(EventTypes.DEPLOYMENT_DELETED, gone, caller.subject(), gone.reason);
            return gone;
        });
    }

    private static void requireChange(Principal caller, ModelDeployment d) {
        if (!caller.mayChange(d.project)) {
            throw new io.fmp.contracts.errors.AccessDeniedException("deployments of project " + d.project
                    + " are changed by its own members");
        }
    }

    /**
     * Governance revoked the model's approval: every running deployment of it (as its model, canary or adapter)
     * takes no more traffic and scales to zero. Returns how many were drained.
     */
    public int drain(String modelId, String actor, String reason) {
        List<ModelDeployment> affected = ModelDeployment.<ModelDeployment>list("state in ?1",
                List.of(ModelDeployment.State.PENDING.word(), ModelDeployment.State.READY.word())).stream()
                .filter(d -> d.modelId.equals(modelId) || modelId.equals(d.deploymentPlan().traffic().canaryModelId())
                        || d.deploymentPlan().adapterModelIds().contains(modelId)).toList();
        for (ModelDeployment d : affected) {
            // traffic off first (the gateway reads the state), then the replicas
            QuarkusTransaction.requiringNew().run(() -> {
                ModelDeployment drained = ModelDeployment.findById(d.id);
                accrue(drained, now());
                drained.state = ModelDeployment.State.DRAINED.word();
                drained.readyReplicas = 0;
                drained.reason = reason;
                drained.updatedAt = now();
                emit(EventTypes.DEPLOYMENT_DRAINED, drained, actor, reason);
            });
            if (d.objectName != null) {
                try {
                    cluster.drain(d.objectName, d.onKServe());
                } catch (RuntimeException e) {
                    // its state already keeps traffic off; the next poll tries the replicas again
                    LOG.warnf(e, "Deployment %s: could not scale its objects to zero yet", d.id);
                }
            }
            LOG.infof("Deployment %s (%s) drained: %s", d.name, d.id, reason);
        }
        return affected.size();
    }

    /** Reads pending and ready cluster deployments, moves them on, and accrues every running deployment's cost. */
    @Scheduled(every = "${fmp.tuning.serving.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        List<ModelDeployment> running = QuarkusTransaction.requiringNew().call(() -> ModelDeployment
                .<ModelDeployment>list("state in ?1", List.of(ModelDeployment.State.PENDING.word(),
                        ModelDeployment.State.READY.word())));
        for (ModelDeployment d : running) {
            try {
                observe(d);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Deployment %s: could not read its state", d.id);
            }
        }
    }

    private void observe(ModelDeployment seen) {
        ClusterDeployments.Status status = seen.objectName == null ? null
                : cluster.status(seen.objectName, seen.onKServe(), seen.deploymentPlan().traffic().canaryModelId() != null);
        QuarkusTransaction.requiringNew().run(() -> {
            ModelDeployment d = ModelDeployment.findById(seen.id);
            if (!d.currentState().running()) {
                return;
            }
            OffsetDateTime now = now();
            accrue(d, now);
            if (status == null) {
                return;
            }
            d.readyReplicas = status.readyReplicas();
            if (d.currentState() == ModelDeployment.State.PENDING && status.ready()) {
                d.state = ModelDeployment.State.READY.word();
                d.endpoint = status.endpoint();
                if (!d.onKServe() && d.deploymentPlan().traffic().canaryModelId() != null) {
                    d.canaryEndpoint = InferenceManifests.serviceUrl(InferenceManifests.canaryName(d.objectName),
                            cluster.namespace());
                }
                d.reason = null;
                d.updatedAt = now;
                emit(EventTypes.DEPLOYMENT_READY, d, null, "serving at " + d.endpoint + " with " + d.readyReplicas
                        + " ready replica(s)");
            } else if (d.currentState() == ModelDeployment.State.PENDING
                    && Duration.between(d.createdAt, now).compareTo(config.serving().readyTimeout()) > 0) {
                d.state = ModelDeployment.State.FAILED.word();
                d.reason = "not ready after " + config.serving().readyTimeout() + ": " + status.message();
                d.updatedAt = now;
                emit(EventTypes.DEPLOYMENT_FAILED, d, null, d.reason);
            } else if (d.currentState() == ModelDeployment.State.PENDING && !status.message().equals(d.reason)
                    && !status.message().isEmpty()) {
                d.reason = status.message();
                d.updatedAt = now;
            }
        });
    }

    /** Adds what the deployment's ready replicas cost since it was last accrued. */
    static void accrue(ModelDeployment d, OffsetDateTime now) {
        double hours = Math.max(0, Duration.between(d.accruedAt, now).toMillis() / 3_600_000.0);
        int replicas = d.executor.equals(DeploymentPlan.Executor.EXTERNAL.word()) ? 0 : d.readyReplicas;
        double[] added = DeploymentCosts.accrue(d.estimated(), replicas, hours);
        d.gpuHours += added[0];
        d.usd += added[1];
        d.kwh += added[2];
        d.kgCo2 += added[3];
        d.accruedAt = now;
    }

    private void fail(String id, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            ModelDeployment d = ModelDeployment.findById(id);
            d.state = ModelDeployment.State.FAILED.word();
            d.liveName = null;
            d.reason = reason;
            d.updatedAt = now();
            emit(EventTypes.DEPLOYMENT_FAILED, d, null, reason);
        });
    }

    private void emit(String type, ModelDeployment d, String actor, String reason) {
        DeploymentPlan.Scaling s = d.deploymentPlan().scaling();
        boolean drained = d.currentState() == ModelDeployment.State.DRAINED;
        outbox.emit(type, d.id, new DeploymentChanged(d.id, d.name, d.project, d.modelId, d.executor, d.state,
                d.endpoint, drained ? 0 : s.scaleToZero() ? 0 : s.minReplicas(), drained ? 0 : s.maxReplicas(),
                actor == null ? "service:tuning-service" : actor, reason));
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
