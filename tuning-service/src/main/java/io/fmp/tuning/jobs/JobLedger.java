package io.fmp.tuning.jobs;

import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.TuningCompleted;
import io.fmp.contracts.events.TuningFailed;
import io.fmp.contracts.events.TuningProgress;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.Json;
import io.fmp.platform.storage.SqlWork;
import io.fmp.platform.work.LeasedQueue;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a running job writes, each step its own short transaction that holds the job's
 * lease first (platform-runtime's {@link LeasedQueue}: database clock, fenced): claiming, progress (with {@code tuning.progress}), the metric
 * series, checkpoints and artifacts, and the moves to registering, succeeded ({@code
 * tuning.completed}) or failed ({@code tuning.failed}), each with its event in the same transaction.
 */
@ApplicationScoped
public class JobLedger {

    private static final Logger LOG = Logger.getLogger(JobLedger.class);

    @Inject
    JobMetrics metrics;

    @Inject
    Outbox outbox;

    @Inject
    SqlWork sql;

    /** Where a job stands; null numbers are unknown. */
    public record Update(String phase, int epoch, int epochs, long step, long steps, Double loss, Double evalLoss,
                        Double evalAccuracy, double percent, Double etaSeconds) {
    }

    /** One point of a metric series. */
    public record Point(String series, long step, double epoch, double value) {
    }

    /** Jobs waiting (queued) or held under a lease (running, registering), on the database clock. */
    private final LeasedQueue queue = new LeasedQueue("tuning_job", TuningJob.State.QUEUED.name(),
            Set.of(TuningJob.State.RUNNING.name(), TuningJob.State.REGISTERING.name()), Clock.systemUTC());

    /**
     * The job to run next: the highest priority, oldest queued one of these executors, or one whose
     * lease ran out (its worker died). A job abandoned {@code maxAttempts} times fails instead.
     */
    public Optional<LeasedQueue.Lease> claim(String owner, Duration lease, Set<ExecutorKind> executors,
                                             int maxAttempts) {
        if (executors.isEmpty()) {
            return Optional.empty();
        }
        List<String> kinds = executors.stream().map(ExecutorKind::name).sorted().toList();
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<LeasedQueue.Candidate> next = sql.apply(c -> queue.next(c, "executor IN ("
                    + String.join(", ", java.util.Collections.nCopies(kinds.size(), "?")) + ")", kinds,
                    "priority DESC, created_at"));
            if (next.isEmpty()) {
                return Optional.<LeasedQueue.Lease>empty();
            }
            LeasedQueue.Candidate candidate = next.get();
            if (candidate.abandoned() && candidate.attempts() >= maxAttempts) {
                fail(TuningJob.findById(candidate.unitId()), "abandoned by " + candidate.attempts() + " attempts in a"
                        + " row (their workers stopped without finishing: crash, out of memory or shutdown)");
                return Optional.<LeasedQueue.Lease>empty();
            }
            LeasedQueue.Lease taken = sql.apply(c -> queue.take(c, candidate, owner, lease,
                    TuningJob.State.RUNNING.name()));
            TuningJob job = TuningJob.findById(candidate.unitId());
            if (candidate.abandoned()) {
                LOG.infof("Tuning job %s: the lease of %s ran out; resuming it (%s, phase %s)", job.id,
                        candidate.previousOwner(), job.state.word(), job.phase);
            }
            OffsetDateTime now = now();
            if (job.startedAt == null) {
                metrics.started(job.createdAt, now);
                job.startedAt = now;
            }
            job.updatedAt = now;
            return Optional.of(taken);
        });
    }

    /**
     * Records where the job stands and renews the lease; emits {@code tuning.progress} when asked.
     *
     * @return false when the job is no longer this worker's to run (cancelled or taken over)
     */
    public boolean progress(LeasedQueue.Lease lease, Update update, boolean emit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TuningJob job = held(lease);
            if (job == null) {
                return false;
            }
            job.phase = update.phase();
            job.epoch = update.epoch();
            job.epochs = update.epochs();
            job.step = update.step();
            job.steps = update.steps();
            job.loss = update.loss();
            job.evalLoss = update.evalLoss();
            job.evalAccuracy = update.evalAccuracy();
            job.percent = update.percent();
            job.etaSeconds = update.etaSeconds();
            job.updatedAt = now();
            if (emit) {
                outbox.emit(EventTypes.TUNING_PROGRESS, job.id, new TuningProgress(job.id, job.baseModelId,
                        job.state.word(), job.phase, job.epoch, job.epochs, job.step, job.steps, job.loss, job.evalLoss,
                        job.percent, job.etaSeconds));
                LOG.infof("Tuning job %s: %s, epoch %d/%d, step %d/%d, loss %s, eval loss %s, %.1f %%, ETA %s", job.id,
                        job.phase, job.epoch, job.epochs, job.step, job.steps, job.loss, job.evalLoss, job.percent,
                        job.etaSeconds == null ? "unknown" : Math.round(job.etaSeconds) + " s");
            }
            return true;
        });
    }

    /** Adds points to the job's metric series (a point already there is kept). */
    public void points(String jobId, List<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> sql.apply(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tuning_metric (job_id, series,"
                    + " step, epoch, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Point p : points) {
                    insert.setString(1, jobId);
                    insert.setString(2, p.series());
                    insert.setLong(3, p.step());
                    insert.setDouble(4, p.epoch());
                    insert.setDouble(5, p.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        }));
    }

    public List<Point> points(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> sql.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT series, step, epoch, value FROM"
                    + " tuning_metric WHERE job_id = ? ORDER BY series, step")) {
                select.setString(1, jobId);
                List<Point> points = new java.util.ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        points.add(new Point(rows.getString(1), rows.getLong(2), rows.getDouble(3), rows.getDouble(4)));
                    }
                }
                return points;
            }
        }));
    }

    /** The training state after an epoch, replacing the previous one. */
    public void checkpoint(LeasedQueue.Lease lease, int epoch, byte[] state) {
        QuarkusTransaction.requiringNew().run(() -> sql.apply(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tuning_checkpoint WHERE job_id = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO tuning_checkpoint (job_id, epoch,"
                         + " state, updated_at) VALUES (?, ?, ?, ?)")) {
                delete.setString(1, lease.unitId());
                delete.executeUpdate();
                insert.setString(1, lease.unitId());
                insert.setInt(2, epoch);
                insert.setBytes(3, state);
                insert.setObject(4, now());
                insert.executeUpdate();
            }
            return null;
        }));
    }

    public Optional<byte[]> checkpoint(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> sql.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT state FROM tuning_checkpoint WHERE job_id = ?")) {
                select.setString(1, jobId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        }));
    }

    /** Stores an artifact of the job (replacing one of the same name); returns its SHA-256. */
    public String artifact(String jobId, String name, String mediaType, byte[] content) {
        String sha256 = Sha256.hex(content);
        QuarkusTransaction.requiringNew().run(() -> sql.apply(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM tuning_artifact WHERE job_id = ? AND name = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO tuning_artifact (job_id, name,"
                         + " media_type, content, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                delete.setString(1, jobId);
                delete.setString(2, name);
                delete.executeUpdate();
                insert.setString(1, jobId);
                insert.setString(2, name);
                insert.setString(3, mediaType);
                insert.setBytes(4, content);
                insert.setString(5, sha256);
                insert.setObject(6, now());
                insert.executeUpdate();
            }
            return null;
        }));
        return sha256;
    }

    /** A stored artifact's bytes and what they are. */
    public record StoredArtifact(String mediaType, byte[] content, String sha256) {
    }

    public Optional<StoredArtifact> artifact(String jobId, String name) {
        return QuarkusTransaction.requiringNew().call(() -> sql.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT media_type, content, sha256 FROM"
                    + " tuning_artifact WHERE job_id = ? AND name = ?")) {
                select.setString(1, jobId);
                select.setString(2, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new StoredArtifact(rows.getString(1), rows.getBytes(2),
                            rows.getString(3))) : Optional.<StoredArtifact>empty();
                }
            }
        }));
    }

    public void kubernetesJob(LeasedQueue.Lease lease, String name) {
        QuarkusTransaction.requiringNew().run(() -> {
            TuningJob job = held(lease);
            if (job != null) {
                job.kubernetesJob = name;
                job.updatedAt = now();
            }
        });
    }

    /** Training is done: the artifact and its metrics are kept, the model is to be registered next. */
    public boolean trained(LeasedQueue.Lease lease, String artifactUri, Map<String, Double> metrics, String datasetSha256,
                           TuningCostEstimator.Estimate actual) {
        return QuarkusTransaction.requiringNew().call(() -> {
            TuningJob job = held(lease);
            if (job == null) {
                return false;
            }
            job.state = TuningJob.State.REGISTERING;
            job.phase = "registering";
            job.percent = 100;
            job.etaSeconds = 0.0;
            job.artifactUri = artifactUri;
            job.finalMetrics = Json.write(metrics);
            job.datasetSha256 = datasetSha256;
            job.actual = Json.write(actual);
            job.gpuHours = actual.gpuHours();
            job.updatedAt = now();
            LOG.infof("Tuning job %s trained: %s at %s, %s", job.id, metrics, artifactUri, actual.basis());
            return true;
        });
    }

    /** The tuned model is in the catalog: the job succeeded; tuning.completed in the same transaction. */
    public void registered(LeasedQueue.Lease lease, String modelId) {
        QuarkusTransaction.requiringNew().run(() -> {
            TuningJob job = held(lease);
            if (job == null || job.state != TuningJob.State.REGISTERING) {
                return;
            }
            end(job, TuningJob.State.SUCCEEDED);
            job.resultModelId = modelId;
            job.phase = "done";
            JobSpec spec = job.jobSpec();
            TuningCostEstimator.Estimate cost = job.recorded();
            outbox.emit(EventTypes.TUNING_COMPLETED, job.id, new TuningCompleted(job.id, job.baseModelId, modelId,
                    job.method.word(), job.artifactUri, job.datasetSha256, spec.evalSuite(), job.metrics(),
                    cost.gpuHours(), cost.cpuHours(), cost.usd(), cost.kwh(), cost.kgCo2(), job.project));
            LOG.infof("Tuning job %s succeeded: model %s registered in the catalog", job.id, modelId);
        });
    }

    public void fail(LeasedQueue.Lease lease, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            TuningJob job = held(lease);
            if (job != null) {
                fail(job, reason);
            }
        });
    }

    /** Lets another worker (or this one after a restart) take the job over at once. */
    public void release(LeasedQueue.Lease lease) {
        QuarkusTransaction.requiringNew().run(() -> sql.apply(c -> queue.release(c, lease)));
    }

    /** The job if this lease still holds it, renewed and locked for the transaction; null otherwise. */
    private TuningJob held(LeasedQueue.Lease lease) {
        return sql.apply(c -> queue.hold(c, lease)) ? TuningJob.findById(lease.unitId()) : null;
    }

    private void fail(TuningJob job, String reason) {
        end(job, TuningJob.State.FAILED);
        job.error = reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
        outbox.emit(EventTypes.TUNING_FAILED, job.id, new TuningFailed(job.id, job.baseModelId, job.error));
        LOG.warnf("Tuning job %s failed: %s", job.id, job.error);
    }

    private static void end(TuningJob job, TuningJob.State state) {
        OffsetDateTime now = now();
        job.state = state;
        job.finishedAt = now;
        job.updatedAt = now;
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
