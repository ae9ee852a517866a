package io.fmp.tuning.jobs;

import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.errors.AccessDeniedException;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.TuningCancelled;
import io.fmp.contracts.events.TuningStarted;
import io.fmp.contracts.identity.Principal;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.quotas.ProjectLocks;
import io.fmp.platform.quotas.ProjectQuota;
import io.fmp.platform.storage.Json;
import io.fmp.tuning.TuningConfig;
import io.fmp.tuning.catalog.CatalogClient;
import io.fmp.tuning.costing.TrainingMemory;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.fmp.tuning.datasets.DatasetSummary;
import io.fmp.tuning.datasets.EvalClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Tuning jobs as clients see them: estimate, submit (validated against the catalog and
 * eval-service, placed on a GPU, costed, idempotent), read, list, cancel, and their metric series
 * and artifacts. {@link JobWorker} runs what is queued.
 */
@ApplicationScoped
public class TuningJobs {

    private static final Logger LOG = Logger.getLogger(TuningJobs.class);

    @Inject
    CatalogClient catalog;

    @Inject
    ProjectLocks projectLocks;

    @Inject
    EvalClient eval;

    @Inject
    JobWorker worker;

    @Inject
    JobLedger ledger;

    @Inject
    Instance<JobExecutor> executors;

    @Inject
    TuningConfig config;

    @Inject
    Outbox outbox;

    /** A validated, placed and costed job, not yet queued. */
    public record Plan(JobSpec spec, TuningCostEstimator.Estimate cost, long trainExamples, long validationExamples,
                       double gpuNeededGb, double gpuAvailableGb, List<String> notes) {
    }

    /** Validates the request as {@link #submit} would and costs it; stores nothing. */
    public Plan estimate(JobRequest request) {
        BaseModelFacts base = blank(request.baseModelId()) ? null : catalog.facts(request.baseModelId()).orElse(null);
        DatasetSummary dataset = blank(request.datasetName()) ? null
                : eval.dataset(request.datasetName(), request.datasetVersion()).orElse(null);
        boolean suiteExists = blank(request.evalSuite()) || eval.suiteExists(request.evalSuite());
        JobSpec spec = JobValidator.validate(request, new JobValidator.Facts(base, dataset, suiteExists,
                config.kubernetes().promptTuningCommand().isPresent(), config.kubernetes().sources()));
        if (spec.executor() == ExecutorKind.KUBERNETES && !config.kubernetes().enabled()) {
            throw new InvalidInputException("executor", "this tuning-service has no Kubernetes cluster to run GPU jobs"
                    + " on (fmp.tuning.kubernetes.enabled=false)");
        }
        long train = trainExamples(spec, dataset);
        long validation = validationExamples(spec, dataset);
        List<String> notes = new ArrayList<>();
        double needed = 0;
        double available = 0;
        TuningCostEstimator.Estimate cost;
        if (spec.executor() == ExecutorKind.KUBERNETES) {
            FitEstimate fit = catalog.fit(base, spec.hyperparameters().maxSequenceLength(),
                    spec.hyperparameters().batchSize());
            needed = TrainingMemory.neededGb(spec.method(), fit.getWeightsGb(), fit.getKvCacheGb(), fit.getOverheadGb());
            String profile = request.resources() == null ? "" : request.resources().gpuProduct();
            spec = JobValidator.placeGpu(spec, needed, profile, CatalogClient.gpus(fit));
            available = spec.resources().gpu().memoryGb() * spec.resources().gpuCount();
            // a prompt / completion pair averages about half the sequence length
            cost = TuningCostEstimator.before(spec, train, spec.hyperparameters().maxSequenceLength() / 2.0,
                    base.parameterCount(), 0, 0, 0, TuningCostEstimator.Prices.DEFAULT);
            notes.add(String.format(Locale.ROOT, "runs on %d x %s (%s), %.1f of %.1f GB GPU memory%s%s",
                    spec.resources().gpuCount(), spec.resources().gpu().name(), spec.resources().gpu().resource(),
                    needed, available, fit.getKvCacheEstimated() ? " (attention shape unknown: KV cache estimated)" : "",
                    spec.queue() == null ? "" : ", Kueue queue " + spec.queue()));
        } else {
            int dimensions = SentenceEncoder.ofEndpoint(spec.base().encoder()).map(SentenceEncoder::dimensions).orElse(384);
            cost = TuningCostEstimator.before(spec, train + validation, 0, spec.base().parameterCount(),
                    dataset.labelCount(), dimensions, 1, TuningCostEstimator.Prices.DEFAULT);
            notes.add("trains on tuning-service's CPU; embeddings already cached for these texts are not computed again");
        }
        if (spec.splits().named()) {
            notes.add("splits: the dataset's own " + spec.splits().trainSplit()
                    + (spec.splits().validationSplit().isEmpty() ? "" : " / " + spec.splits().validationSplit()));
        } else {
            notes.add(String.format(Locale.ROOT, "splits: %.0f / %.0f / %.0f %%, stratified by label, seed %d",
                    100 * spec.splits().trainRatio(), 100 * spec.splits().validationRatio(),
                    100 * spec.splits().testRatio(), spec.splits().seed()));
        }
        return new Plan(spec, cost, train, validation, needed, available, notes);
    }

    /**
     * Validates, places and queues a job. A repeated request with the same idempotency key returns
     * the job the first one created; nothing is queued on bad input.
     */
    public TuningJob submit(Principal caller, JobRequest request, String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            throw new InvalidInputException("idempotencyKey", "must be at most 200 characters");
        }
        String key = blank(idempotencyKey) ? null : idempotencyKey;
        String project = caller.owningProject();
        if (key != null) {
            Optional<TuningJob> earlier = byKey(project, key);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Plan plan = estimate(request);
        TuningJob job;
        try {
            job = QuarkusTransaction.requiringNew().call(() -> queue(project, plan, key));
        } catch (RuntimeException e) {
            // two requests with one key at once: the unique key lets one in, the other answers with its job
            Optional<TuningJob> winner = key == null ? Optional.empty() : byKey(project, key);
            if (winner.isPresent()) {
                return winner.get();
            }
            throw e;
        }
        worker.wakeUp();
        return job;
    }

    private TuningJob queue(String project, Plan plan, String key) {
        JobSpec spec = plan.spec();
        checkQuotas(project, plan.cost().gpuHours());
        TuningJob job = new TuningJob();
        job.id = UUID.randomUUID().toString();
        job.project = project;
        job.gpuHours = plan.cost().gpuHours();
        job.baseModelId = spec.baseModelId();
        job.method = spec.method();
        job.executor = spec.executor();
        job.priority = spec.priority();
        job.spec = Json.write(spec);
        job.idempotencyKey = key;
        job.state = TuningJob.State.QUEUED;
        job.phase = "queued";
        job.epochs = spec.hyperparameters().epochs();
        job.estimate = Json.write(plan.cost());
        job.createdAt = JobLedger.now();
        job.updatedAt = job.createdAt;
        job.persist();
        outbox.emit(EventTypes.TUNING_STARTED, job.id, new TuningStarted(job.id, job.baseModelId, project,
                spec.method().word(), spec.dataset().name(), spec.dataset().version(), plan.cost().usd()));
        LOG.infof("Queued tuning job %s: %s of %s on %s v%d (%s), estimate %s", job.id, spec.method().word(),
                spec.base().name(), spec.dataset().name(), spec.dataset().version(), spec.executor().word(),
                plan.cost().basis());
        return job;
    }

    /**
     * The project's concurrent-jobs and monthly GPU-hour quotas, counted under its lock so that two
     * submissions at once cannot both take what is left.
     */
    private void checkQuotas(String project, double gpuHours) {
        projectLocks.lock(project);
        TuningConfig.Quotas quotas = config.quotas();
        new ProjectQuota("concurrent-tuning-jobs", quotas.concurrentJobs(), quotas.concurrentJobsByProject().entrySet()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().doubleValue())))
                .check(project, TuningJob.count("project = ?1 and state in ?2", project, TuningJob.State.UNFINISHED), 1,
                        "", "when one of its jobs finishes");
        OffsetDateTime monthStart = JobLedger.now().withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
        Double used = TuningJob.find("select coalesce(sum(gpuHours), 0) from TuningJob where project = ?1 "
                + "and createdAt >= ?2", project, monthStart).project(Double.class).firstResult();
        new ProjectQuota("gpu-hours-per-month", quotas.gpuHoursPerMonth(), quotas.gpuHoursPerMonthByProject())
                .check(project, used, gpuHours, "GPU-hours", "on " + monthStart.plusMonths(1).toLocalDate() + " (UTC)");
    }

    private static Optional<TuningJob> byKey(String project, String key) {
        return QuarkusTransaction.requiringNew().call(() -> TuningJob.<TuningJob>find(
                "project = ?1 and idempotencyKey = ?2", project, key).firstResultOptional());
    }

    /** The job, if the caller may see its project; another project's job is not found. */
    public TuningJob get(Principal caller, String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TuningJob job = id == null || id.isBlank() ? null : TuningJob.findById(id);
            if (job == null || !caller.sees(job.project)) {
                throw new ResourceNotFoundException("tuning job", id);
            }
            return job;
        });
    }

    /** Newest first. @param state null for any */
    public List<TuningJob> list(Principal caller, TuningJob.State state, String baseModelId, int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidInputException("limit", "must be between 1 and 500");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            StringBuilder query = new StringBuilder("1 = 1");
            Parameters parameters = new Parameters();
            if (caller.visibleProjects() != null) {
                query.append(" and project in :projects");
                parameters.and("projects", caller.visibleProjects());
            }
            if (state != null) {
                query.append(" and state = :state");
                parameters.and("state", state);
            }
            if (!blank(baseModelId)) {
                query.append(" and baseModelId = :base");
                parameters.and("base", baseModelId);
            }
            return TuningJob.<TuningJob>find(query + " order by createdAt desc, id", parameters).page(0, limit).list();
        });
    }

    /** Stops a queued or running job; what runs on the cluster for it is deleted. */
    public TuningJob cancel(Principal caller, String id) {
        TuningJob cancelled = QuarkusTransaction.requiringNew().call(() -> {
            TuningJob job = id == null || id.isBlank() ? null : TuningJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (job == null || !caller.sees(job.project)) {
                throw new ResourceNotFoundException("tuning job", id);
            }
            if (!caller.mayChange(job.project)) {
                throw new AccessDeniedException("tuning job " + id + " belongs to the project " + job.project
                        + "; only its members may cancel it");
            }
            if (job.state.finished()) {
                throw new StateConflictException("tuning job " + id + " is " + job.state.word() + " already");
            }
            if (job.state == TuningJob.State.REGISTERING) {
                throw new StateConflictException("tuning job " + id + " has trained; its model is being registered");
            }
            job.error = "cancelled while " + job.phase + ", after " + job.epoch + " of " + job.epochs + " epochs";
            job.state = TuningJob.State.CANCELLED;
            job.phase = "cancelled";
            job.finishedAt = JobLedger.now();
            job.updatedAt = job.finishedAt;
            outbox.emit(EventTypes.TUNING_CANCELLED, job.id, new TuningCancelled(job.id, job.baseModelId));
            return job;
        });
        executors.stream().filter(e -> e.kind() == cancelled.executor).forEach(e -> e.cancel(cancelled));
        LOG.infof("Cancelled tuning job %s", id);
        return cancelled;
    }

    /** The job's metric series by name, each ordered by step. */
    public Map<String, List<JobLedger.Point>> metrics(Principal caller, String jobId) {
        get(caller, jobId);
        Map<String, List<JobLedger.Point>> series = new TreeMap<>();
        ledger.points(jobId).forEach(p -> series.computeIfAbsent(p.series(), s -> new ArrayList<>()).add(p));
        return series;
    }

    private static long trainExamples(JobSpec spec, DatasetSummary dataset) {
        return spec.splits().named() ? dataset.splits().getOrDefault(spec.splits().trainSplit(), 0L)
                : Math.round(dataset.examples() * spec.splits().trainRatio());
    }

    private static long validationExamples(JobSpec spec, DatasetSummary dataset) {
        return spec.splits().named() ? dataset.splits().getOrDefault(spec.splits().validationSplit(), 0L)
                : Math.round(dataset.examples() * spec.splits().validationRatio());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
