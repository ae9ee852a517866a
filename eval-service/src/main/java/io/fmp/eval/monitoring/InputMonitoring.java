package io.fmp.eval.monitoring;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.InputDriftMeasured;
import io.fmp.contracts.identity.Principal;
import io.fmp.eval.EvalConfig;
import io.fmp.eval.suites.Suite;
import io.fmp.eval.storage.Names;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.Json;
import io.fmp.platform.storage.SqlWork;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Input monitoring for deployments that opted in to capture: the gateway's sampled inputs are kept until a window
 * of them is full, then measured against the deployment's suite's dataset ({@link InputDrift}, in the embedding
 * space of {@code fmp.eval.monitoring.encoder}) and deleted. Each measurement is kept and announced
 * ({@code eval.input-drift}); governance puts the use cases relying on the model under review when one drifted.
 */
@ApplicationScoped
public class InputMonitoring {

    private static final Logger LOG = Logger.getLogger(InputMonitoring.class);
    private static final Pattern DEPLOYMENT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");
    private static final int MAX_TEXTS_PER_BATCH = 10_000;
    private static final int MAX_TEXT_CHARS = 8_000;

    /** A deployment's sampled inputs, as the gateway sends them. */
    public record Capture(String deployment, String project, String modelId, String suite, List<String> useCaseIds,
                          int window, List<String> texts) {
    }

    /** A deployment's measurements, newest first, and how many inputs wait for the next window. */
    public record Report(String deployment, long pending, List<InputDriftRecord> measurements) {
    }

    private record ReferenceKey(String suiteId, String encoder) {
    }

    @Inject
    EvalConfig config;

    @Inject
    Outbox outbox;

    @Inject
    SqlWork sql;

    private final Map<ReferenceKey, InputDrift.Reference> references = new ConcurrentHashMap<>();

    /** Keeps a batch's inputs; false when the batch had been recorded before (nothing is kept twice). */
    public boolean record(String batchId, List<Capture> captures) {
        List<FieldViolation> violations = new ArrayList<>();
        if (batchId == null || batchId.isBlank() || batchId.length() > 100) {
            violations.add(new FieldViolation("batchId", "must be 1 to 100 characters"));
        }
        int texts = 0;
        for (int i = 0; i < captures.size(); i++) {
            Capture c = captures.get(i);
            String at = "captures[" + i + "].";
            if (c.deployment() == null || !DEPLOYMENT.matcher(c.deployment()).matches()) {
                violations.add(new FieldViolation(at + "deployment", "must be a deployment name (a DNS label)"));
            }
            if (c.project() == null || c.project().isBlank() || c.project().length() > 100) {
                violations.add(new FieldViolation(at + "project", "is required"));
            }
            if (c.modelId() == null || c.modelId().isBlank() || c.modelId().length() > 64) {
                violations.add(new FieldViolation(at + "modelId", "is required"));
            }
            Names.check(at + "suite", c.suite(), violations);
            if (c.window() < 20 || c.window() > 5_000) {
                violations.add(new FieldViolation(at + "window", "must be between 20 and 5000"));
            }
            texts += c.texts().size();
        }
        if (texts > MAX_TEXTS_PER_BATCH) {
            violations.add(new FieldViolation("captures", "hold " + texts + " texts; at most " + MAX_TEXTS_PER_BATCH
                    + " per batch"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            if (CapturedBatch.findById(batchId) != null) {
                return false;
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            CapturedBatch batch = new CapturedBatch();
            batch.batchId = batchId;
            batch.recordedAt = now;
            batch.persist();
            for (Capture c : captures) {
                String useCases = Json.write(c.useCaseIds());
                for (String text : c.texts()) {
                    CapturedInput input = new CapturedInput();
                    input.project = c.project();
                    input.deployment = c.deployment();
                    input.modelId = c.modelId();
                    input.suite = c.suite();
                    input.useCaseIds = useCases;
                    input.windowSize = c.window();
                    input.input = text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
                    input.capturedAt = now;
                    input.persist();
                }
            }
            return true;
        });
    }

    public Report report(Principal caller, String deployment, int limit) {
        String project = caller.owningProject();
        return QuarkusTransaction.requiringNew().call(() -> {
            List<InputDriftRecord> measured = InputDriftRecord.<InputDriftRecord>find(
                    "project = ?1 and deployment = ?2 order by measuredAt desc", project, deployment)
                    .page(0, limit <= 0 ? 20 : Math.min(limit, 500)).list();
            long pending = CapturedInput.count("project = ?1 and deployment = ?2", project, deployment);
            if (measured.isEmpty() && pending == 0) {
                throw new ResourceNotFoundException("input drift of deployment", deployment);
            }
            return new Report(deployment, pending, measured);
        });
    }

    /** Measures every full window; a failing one is logged and tried again next time (its inputs stay). */
    @Scheduled(every = "${fmp.eval.monitoring.measure-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measureFullWindows() {
        List<Object[]> full = QuarkusTransaction.requiringNew().call(() -> CapturedInput.getEntityManager()
                .createQuery("select c.project, c.deployment from CapturedInput c group by c.project, c.deployment"
                        + " having count(c) >= min(c.windowSize)", Object[].class).getResultList());
        for (Object[] row : full) {
            String project = (String) row[0];
            String deployment = (String) row[1];
            try {
                while (measureOldestWindow(project, deployment)) {
                    // a backlog is measured window by window, oldest first
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Input drift of deployment %s in %s not measured yet", deployment, project);
            }
        }
    }

    /** Measures the oldest full window of a deployment; false when none is full. */
    boolean measureOldestWindow(String project, String deployment) {
        List<CapturedInput> window = QuarkusTransaction.requiringNew().call(() -> {
            CapturedInput first = CapturedInput.<CapturedInput>find("project = ?1 and deployment = ?2 order by seq",
                    project, deployment).firstResult();
            if (first == null) {
                return List.of();
            }
            List<CapturedInput> rows = CapturedInput.<CapturedInput>find("project = ?1 and deployment = ?2 order by seq",
                    project, deployment).page(0, first.windowSize).list();
            return rows.size() < first.windowSize ? List.of() : rows;
        });
        if (window.isEmpty()) {
            return false;
        }
        CapturedInput last = window.get(window.size() - 1);
        Suite suite = QuarkusTransaction.requiringNew().call(() -> Principal.service("eval-service").inProject(project)
                .lookUpByName(p -> Suite.<Suite>find("project = ?1 and name = ?2 order by version desc", p, last.suite)
                        .firstResult()));
        if (suite == null) {
            throw new IllegalStateException("suite " + last.suite + " does not exist in project " + project);
        }
        String encoderName = config.monitoring().encoder();
        SentenceEncoder encoder = SentenceEncoder.require(encoderName);
        InputDrift.Reference reference = references.computeIfAbsent(new ReferenceKey(suite.id, encoderName),
                k -> new InputDrift.Reference(encoder.encode(referenceInputs(suite))));
        List<float[]> vectors = encoder.encode(window.stream().map(c -> c.input).toList());
        InputDrift drift = new InputDrift(config.monitoring().permutations(), config.monitoring().maxPValue(),
                config.monitoring().minOutOfDomainShare());
        InputDrift.Result result = drift.measure(reference, vectors, window.get(0).seq);
        List<Long> seqs = window.stream().map(c -> c.seq).toList();
        return QuarkusTransaction.requiringNew().call(() -> {
            // another replica measured it first: its rows are gone, and nothing is counted twice
            if (CapturedInput.delete("seq in ?1", seqs) != seqs.size()) {
                QuarkusTransaction.setRollbackOnly();
                return true;
            }
            InputDriftRecord measured = new InputDriftRecord();
            measured.id = UUID.randomUUID().toString();
            measured.project = project;
            measured.deployment = deployment;
            measured.modelId = last.modelId;
            measured.suite = suite.name;
            measured.suiteVersion = suite.version;
            measured.encoder = encoderName;
            measured.inputs = result.inputs();
            measured.referenceInputs = result.referenceInputs();
            measured.centroidDistance = result.centroidDistance();
            measured.pValue = result.pValue();
            measured.outOfDomainShare = result.outOfDomainShare();
            measured.drifted = result.drifted();
            measured.measuredAt = OffsetDateTime.now(ZoneOffset.UTC);
            measured.persist();
            outbox.emit(EventTypes.EVAL_INPUT_DRIFT, deployment, new InputDriftMeasured(deployment, project,
                    last.modelId, suite.name, suite.version, List.of(Json.read(last.useCaseIds, String[].class)),
                    result.inputs(), result.centroidDistance(), result.pValue(), result.outOfDomainShare(),
                    result.drifted()));
            LOG.infof("Input drift of deployment %s (%s) against %s v%d: distance %.4f, p %.4f, %.0f%% out of domain%s",
                    deployment, project, suite.name, suite.version, result.centroidDistance(), result.pValue(),
                    result.outOfDomainShare() * 100, result.drifted() ? ": DRIFTED" : "");
            return true;
        });
    }

    /** At most {@code reference-inputs} inputs of the suite's split, evenly spread over it. */
    private List<String> referenceInputs(Suite suite) {
        SuiteDefinition definition = suite.definition();
        String split = definition.split() == null ? "" : definition.split();
        return QuarkusTransaction.requiringNew().call(() -> sql.apply(connection -> {
            List<String> all = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT input FROM dataset_example"
                    + " WHERE dataset_id = ?" + (split.isEmpty() ? "" : " AND split = ?") + " ORDER BY ordinal")) {
                select.setString(1, suite.datasetId);
                if (!split.isEmpty()) {
                    select.setString(2, split);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(rows.getString(1));
                    }
                }
            }
            int most = config.monitoring().referenceInputs();
            if (all.size() <= most) {
                return all;
            }
            List<String> spread = new ArrayList<>(most);
            for (int i = 0; i < most; i++) {
                spread.add(all.get((int) ((long) i * all.size() / most)));
            }
            return spread;
        }));
    }
}
