package io.fmp.eval.runs;

import io.fmp.contracts.errors.AccessDeniedException;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.EvalCancelled;
import io.fmp.contracts.events.EvalStarted;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.identity.Principal;
import io.fmp.eval.EvalConfig;
import io.fmp.eval.candidates.EvaluationCandidate;
import io.fmp.eval.datasets.ExampleRows;
import io.fmp.eval.runners.EndpointAccess;
import io.fmp.eval.runners.HeadStore;
import io.fmp.eval.suites.Suite;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.eval.suites.SuiteStore;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.quotas.ProjectLocks;
import io.fmp.platform.quotas.ProjectQuota;
import io.fmp.platform.storage.Json;
import io.fmp.platform.storage.SqlWork;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Queues, cancels and reads runs; {@link RunWorker} executes them. */
@ApplicationScoped
public class Runs {

    private static final Logger LOG = Logger.getLogger(Runs.class);

    @Inject
    SuiteStore suites;

    @Inject
    SqlWork sql;

    @Inject
    HeadStore heads;

    @Inject
    EndpointAccess access;

    @Inject
    ProjectLocks projectLocks;

    @Inject
    EvalConfig config;

    @Inject
    Outbox outbox;

    /**
     * Queues a run of a suite version on a catalog model. The endpoint is chosen now and kept with
     * the run. A repeated request with the same idempotency key returns the first request's run.
     */
    @Transactional
    public EvalRun start(Principal caller, String suiteName, int suiteVersion, String modelId, RunSettings settings,
                         String idempotencyKey) {
        List<FieldViolation> violations = new ArrayList<>();
        if (idempotencyKey != null && idempotencyKey.length() > 200) {
            violations.add(new FieldViolation("idempotencyKey", "must be at most 200 characters"));
        }
        if (suiteName == null || suiteName.isBlank()) {
            violations.add(new FieldViolation("suite", "is required"));
        }
        if (modelId == null || modelId.isBlank()) {
            violations.add(new FieldViolation("modelId", "is required"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        String project = caller.owningProject();
        if (idempotencyKey != null && !idempotencyKey.isEmpty()) {
            EvalRun earlier = EvalRun.<EvalRun>find("project = ?1 and idempotencyKey = ?2", project, idempotencyKey)
                    .firstResult();
            if (earlier != null) {
                return earlier;
            }
        }
        Suite suite;
        try {
            suite = suites.get(caller, suiteName, suiteVersion);
        } catch (ResourceNotFoundException missing) {
            throw new InvalidInputException(suiteVersion == 0 ? "suite" : "suiteVersion", missing.getMessage());
        }
        EvaluationCandidate found = EvaluationCandidate.findById(modelId);
        EvaluationCandidate model = found != null && caller.sees(found.project) ? found : null;
        if (model == null) {
            throw new InvalidInputException("modelId", "no catalog model " + modelId + " is known here (eval-service "
                    + "learns models from the catalog's events; a model registered a moment ago may need a second)");
        }
        SuiteDefinition definition = suite.definition();
        RunTarget target = RunTarget.choose(model.serving(), model.name, definition.taskType());
        String headProblem = target.headUri() == null ? null : heads.problem(target.headUri());
        if (headProblem != null) {
            throw new InvalidInputException("modelId", "the model's head cannot be loaded: " + headProblem);
        }
        String endpointProblem = !target.isRemote() ? null : access.problem(model.modelId, suite.name,
                target.url(), target.secretRef());
        if (endpointProblem != null) {
            throw new InvalidInputException("modelId", "the model's endpoint may not be called: " + endpointProblem);
        }
        // counted under the project's row lock order: two requests at once cannot both take the last slot
        projectLocks.lock(project);
        concurrentRuns().check(project, EvalRun.count("project = ?1 and state in ?2", project,
                List.of(EvalRun.State.QUEUED, EvalRun.State.RUNNING)), 1, "", "when one of its runs finishes");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        EvalRun run = new EvalRun();
        run.id = UUID.randomUUID().toString();
        run.project = project;
        run.suiteId = suite.id;
        run.suiteName = suite.name;
        run.suiteVersion = suite.version;
        run.modelId = model.modelId;
        run.modelName = model.name;
        run.modelVersion = model.version;
        run.adapter = target.adapter();
        run.serving = Json.write(target);
        run.settings = Json.write(settings);
        run.idempotencyKey = idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
        run.state = EvalRun.State.QUEUED;
        run.total = suite.examples;
        run.primaryMetric = definition.primaryMetric().word;
        run.createdAt = now;
        run.updatedAt = now;
        run.persist();
        outbox.emit(EventTypes.EVAL_STARTED, run.modelId, new EvalStarted(run.id, run.modelId, run.suiteName,
                run.suiteVersion, project, run.adapter, run.total));
        LOG.infof("Queued run %s: %s %s (%s) on %s v%d, %d examples", run.id, run.modelName, run.modelVersion,
                run.adapter, run.suiteName, run.suiteVersion, run.total);
        return run;
    }

    /** Stops a queued or running run; what it stored stays. Finished runs cannot be cancelled. */
    @Transactional
    public EvalRun cancel(Principal caller, String id) {
        EvalRun run = get(caller, id);
        if (!caller.mayChange(run.project)) {
            throw new AccessDeniedException("run " + id + " belongs to the project " + run.project
                    + "; only its members may cancel it");
        }
        if (run.state.finished()) {
            throw new StateConflictException("run " + id + " is " + run.state.name().toLowerCase() + " already");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        run.state = EvalRun.State.CANCELLED;
        run.finishedAt = now;
        run.updatedAt = now;
        run.error = "cancelled after " + run.done + " of " + run.total + " examples";
        outbox.emit(EventTypes.EVAL_CANCELLED, run.modelId, new EvalCancelled(run.id, run.modelId, run.suiteName,
                run.suiteVersion, run.done, run.total));
        LOG.infof("Cancelled run %s after %d of %d examples", id, run.done, run.total);
        return run;
    }

    /** The run, if the caller may see its project; another project's run is not found. */
    @Transactional
    public EvalRun get(Principal caller, String id) {
        EvalRun run = id == null ? null : EvalRun.findById(id);
        if (run == null || !caller.sees(run.project)) {
            throw new ResourceNotFoundException("run", id);
        }
        return run;
    }

    /** Newest first. @param state null for any */
    @Transactional
    public List<EvalRun> list(Principal caller, String suite, String modelId, EvalRun.State state, int limit) {
        if (limit < 1 || limit > 500) {
            throw new InvalidInputException("limit", "must be between 1 and 500");
        }
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (caller.visibleProjects() != null) {
            query.append(" and project in :projects");
            parameters.and("projects", caller.visibleProjects());
        }
        if (suite != null && !suite.isEmpty()) {
            query.append(" and suiteName = :suite");
            parameters.and("suite", suite);
        }
        if (modelId != null && !modelId.isEmpty()) {
            query.append(" and modelId = :model");
            parameters.and("model", modelId);
        }
        if (state != null) {
            query.append(" and state = :state");
            parameters.and("state", state);
        }
        return EvalRun.<EvalRun>find(query + " order by createdAt desc, id", parameters).page(0, limit).list();
    }

    private ProjectQuota concurrentRuns() {
        EvalConfig.Quotas quotas = config.quotas();
        return new ProjectQuota("concurrent-runs", quotas.concurrentRuns(), quotas.concurrentRunsByProject().entrySet()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().doubleValue())));
    }

    /** One stored result with its example. @param scores per-example scores */
    public record Result(ExampleRows.Numbered example, String output, String predicted, Boolean correct,
                         Map<String, Double> scores, double latencyMs, long promptTokens, long completionTokens,
                         String error, boolean cached) {
    }

    public record ResultPage(List<Result> results, long total) {
    }

    @Transactional
    public ResultPage results(Principal caller, String runId, int offset, int limit, boolean errorsOnly) {
        List<FieldViolation> violations = new ArrayList<>();
        if (offset < 0) {
            violations.add(new FieldViolation("offset", "must not be negative"));
        }
        if (limit < 1 || limit > 500) {
            violations.add(new FieldViolation("limit", "must be between 1 and 500"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        EvalRun run = get(caller, runId);
        String datasetId = Suite.<Suite>findById(run.suiteId).datasetId;
        String filter = errorsOnly ? " AND r.error IS NOT NULL" : "";
        return sql.apply(connection -> {
            long total;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM run_result r WHERE r.run_id = ?" + filter)) {
                count.setString(1, runId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<Result> results = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ExampleRows.COLUMNS
                    + ", r.output, r.predicted, r.correct, r.scores, r.latency_ms, r.prompt_tokens, r.completion_tokens,"
                    + " r.error, r.cached FROM run_result r JOIN dataset_example e ON e.dataset_id = ?"
                    + " AND e.ordinal = r.ordinal WHERE r.run_id = ?" + filter + " ORDER BY r.ordinal LIMIT ? OFFSET ?")) {
                select.setString(1, datasetId);
                select.setString(2, runId);
                select.setInt(3, limit);
                select.setInt(4, offset);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        boolean correct = rows.getBoolean("correct");
                        Boolean known = rows.wasNull() ? null : correct;
                        String scores = rows.getString("scores");
                        results.add(new Result(ExampleRows.read(rows), rows.getString("output"),
                                rows.getString("predicted"), known, scores == null ? Map.of()
                                : Json.read(scores, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Double>>() {
                        }), rows.getDouble("latency_ms"), rows.getLong("prompt_tokens"),
                                rows.getLong("completion_tokens"), rows.getString("error"), rows.getBoolean("cached")));
                    }
                }
            }
            return new ResultPage(results, total);
        });
    }
}
