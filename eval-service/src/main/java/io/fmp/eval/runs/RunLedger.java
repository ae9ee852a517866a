package io.fmp.eval.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EvalFailed;
import io.fmp.contracts.events.EvalProgress;
import io.fmp.contracts.events.EventTypes;
import io.fmp.eval.datasets.ExampleRows;
import io.fmp.eval.runners.ModelAdapter;
import io.fmp.eval.scoring.ExampleScorer;
import io.fmp.eval.scoring.MetricKind;
import io.fmp.eval.scoring.RunAggregator;
import io.fmp.platform.storage.Json;
import io.fmp.platform.storage.SqlWork;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.work.LeasedQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Everything a running run writes, each step its own short transaction: claiming a run with a
 * lease (platform-runtime's {@link LeasedQueue}: database clock, fenced), storing outcomes (results
 * once per example, fresh answers in the response cache, counters, progress events), and finishing
 * it with its summary and event. Every write holds the lease first, so a run that another worker
 * took over, or that was cancelled, stops cleanly.
 */
@ApplicationScoped
public class RunLedger {

    private static final Logger LOG = Logger.getLogger(RunLedger.class);
    private static final TypeReference<Map<String, double[]>> STATS = new TypeReference<>() {
    };

    @Inject
    RunMetrics metrics;

    @Inject
    SqlWork sql;

    @Inject
    Outbox outbox;

    /** Runs waiting (queued) or held under a lease (running), on the database clock. */
    private final LeasedQueue queue = new LeasedQueue("eval_run", EvalRun.State.QUEUED.name(),
            Set.of(EvalRun.State.RUNNING.name()), Clock.systemUTC());

    /**
     * The oldest queued run, or a running one whose lease ran out (its worker died); empty when none.
     * A run abandoned {@code maxAttempts} times (it keeps killing its worker) fails instead.
     */
    public Optional<LeasedQueue.Lease> claim(String owner, Duration lease, int maxAttempts) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<LeasedQueue.Candidate> next = sql.apply(c -> queue.next(c, "", List.of(), "created_at"));
            if (next.isEmpty()) {
                return Optional.<LeasedQueue.Lease>empty();
            }
            LeasedQueue.Candidate candidate = next.get();
            if (candidate.abandoned() && candidate.attempts() >= maxAttempts) {
                fail(EvalRun.findById(candidate.unitId()), "abandoned by " + candidate.attempts() + " attempts in a row"
                        + " (their workers stopped without finishing: crash, out of memory or shutdown); results so far"
                        + " are kept");
                return Optional.<LeasedQueue.Lease>empty();
            }
            LeasedQueue.Lease taken = sql.apply(c -> queue.take(c, candidate, owner, lease,
                    EvalRun.State.RUNNING.name()));
            EvalRun run = EvalRun.findById(candidate.unitId());
            if (candidate.abandoned()) {
                LOG.infof("Run %s: the lease of %s ran out; resuming it after %d of %d examples", run.id,
                        candidate.previousOwner(), run.done, run.total);
            }
            OffsetDateTime now = now();
            if (run.startedAt == null) {
                metrics.started(run.createdAt, now);
                run.startedAt = now;
            }
            run.attemptStartedAt = now;
            run.attemptDoneAtStart = run.done;
            run.updatedAt = now;
            return Optional.of(taken);
        });
    }

    /** The ordinals that have a result already (from earlier attempts), read once when an attempt starts. */
    public java.util.BitSet resultOrdinals(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> sql.apply(connection -> {
            java.util.BitSet done = new java.util.BitSet();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT ordinal FROM run_result WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        done.set(rows.getInt(1));
                    }
                }
            }
            return done;
        }));
    }

    /**
     * A page of the suite's examples after {@code after}, in order, by the dataset's keys alone: a
     * plain index range, no join with the growing results (which made each page slower than the last).
     */
    public List<ExampleRows.Numbered> examples(String datasetId, String split, int after, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> sql.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ExampleRows.COLUMNS
                    + " FROM dataset_example e WHERE e.dataset_id = ?" + (split.isEmpty() ? "" : " AND e.split = ?")
                    + " AND e.ordinal > ? ORDER BY e.ordinal LIMIT ?")) {
                int p = 1;
                select.setString(p++, datasetId);
                if (!split.isEmpty()) {
                    select.setString(p++, split);
                }
                select.setInt(p++, after);
                select.setInt(p, limit);
                List<ExampleRows.Numbered> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(ExampleRows.read(rows));
                    }
                }
                return page;
            }
        }));
    }

    public Map<String, ModelAdapter.Answer> cached(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> sql.apply(connection -> {
            Map<String, ModelAdapter.Answer> hits = new HashMap<>();
            List<String> all = new ArrayList<>(keys);
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement select = connection.prepareStatement("SELECT cache_key, output, latency_ms,"
                        + " first_token_ms, prompt_tokens, completion_tokens, logprob_sum, logprob_tokens"
                        + " FROM response_cache WHERE cache_key IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            hits.put(rows.getString(1), new ModelAdapter.Answer(rows.getString(2), rows.getDouble(3),
                                    rows.getLong(5), rows.getLong(6), nullableDouble(rows, 4), nullableDouble(rows, 7),
                                    nullableLong(rows, 8), null));
                        }
                    }
                }
            }
            return hits;
        }));
    }

    /**
     * Stores outcomes and renews the lease; emits {@code eval.progress} when {@code gate} says so.
     *
     * @return false when the run is no longer this worker's to run (cancelled or taken over)
     */
    public boolean flush(LeasedQueue.Lease lease, String modelId, List<RunPipeline.Outcome> outcomes,
                         ProgressGate gate) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EvalRun run = held(lease);
            if (run == null) {
                LOG.warnf("Run %s is no longer leased by %s (cancelled or taken over); stopping this attempt",
                        lease.unitId(), lease.owner());
                return false;
            }
            long[] inserted = sql.apply(connection -> write(connection, lease.unitId(), modelId, outcomes));
            run.done += inserted[0];
            run.failed += inserted[1];
            run.cached += inserted[2];
            run.updatedAt = now();
            Progress progress = run.progress();
            if (gate.due(progress)) {
                outbox.emit(EventTypes.EVAL_PROGRESS, run.modelId, new EvalProgress(run.id, run.modelId, run.suiteName,
                        progress.done(), progress.total(), progress.failed(), progress.cached(), progress.percent(),
                        progress.examplesPerSecond(), progress.etaSeconds()));
                LOG.infof("Run %s (%s %s on %s v%d): %s", run.id, run.modelName, run.modelVersion, run.suiteName,
                        run.suiteVersion, progress.describe());
            }
            return true;
        });
    }

    /** [inserted results, of them failed, of them from the cache] */
    private static long[] write(java.sql.Connection connection, String runId, String modelId,
                                List<RunPipeline.Outcome> outcomes) throws java.sql.SQLException {
        long[] inserted = new long[3];
        if (outcomes.isEmpty()) {
            return inserted;
        }
        OffsetDateTime now = now();
        try (PreparedStatement cache = connection.prepareStatement("INSERT INTO response_cache (cache_key, model_id,"
                + " output, latency_ms, first_token_ms, prompt_tokens, completion_tokens, logprob_sum, logprob_tokens,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            int fresh = 0;
            for (RunPipeline.Outcome outcome : outcomes) {
                ModelAdapter.Answer a = outcome.answer();
                if (outcome.fromCache() || a.isFailure()) {
                    continue;
                }
                cache.setString(1, outcome.cacheKey());
                cache.setString(2, modelId);
                cache.setString(3, a.text());
                cache.setDouble(4, a.latencyMs());
                setDouble(cache, 5, a.firstTokenMs());
                cache.setLong(6, a.promptTokens());
                cache.setLong(7, a.completionTokens());
                setDouble(cache, 8, a.logprobSum());
                setLong(cache, 9, a.logprobTokens());
                cache.setObject(10, now);
                cache.addBatch();
                fresh++;
            }
            if (fresh > 0) {
                cache.executeBatch();
            }
        }
        try (PreparedStatement result = connection.prepareStatement("INSERT INTO run_result (run_id, ordinal, output,"
                + " predicted, correct, scores, stats, latency_ms, first_token_ms, prompt_tokens, completion_tokens,"
                + " logprob_sum, logprob_tokens, error, cached) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            for (RunPipeline.Outcome outcome : outcomes) {
                ModelAdapter.Answer a = outcome.answer();
                ExampleScorer.Scored s = outcome.scored();
                result.setString(1, runId);
                result.setInt(2, outcome.ordinal());
                result.setString(3, a.text());
                result.setString(4, s == null ? null : s.predicted());
                if (s == null || s.correct() == null) {
                    result.setNull(5, Types.BOOLEAN);
                } else {
                    result.setBoolean(5, s.correct());
                }
                result.setString(6, s == null ? null : Json.write(s.scores()));
                result.setString(7, s == null ? null : Json.write(s.stats()));
                result.setDouble(8, a.latencyMs());
                setDouble(result, 9, a.firstTokenMs());
                result.setLong(10, a.promptTokens());
                result.setLong(11, a.completionTokens());
                setDouble(result, 12, a.logprobSum());
                setLong(result, 13, a.logprobTokens());
                result.setString(14, a.error() == null ? null : truncate(a.error(), 2000));
                result.setBoolean(15, outcome.fromCache());
                result.addBatch();
            }
            int[] counts = result.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // a count of 0: the example had a result already (a resumed attempt raced a late write)
                if (counts[i] != 0) {
                    inserted[0]++;
                    if (outcomes.get(i).answer().isFailure()) {
                        inserted[1]++;
                    }
                    if (outcomes.get(i).fromCache()) {
                        inserted[2]++;
                    }
                }
            }
        }
        return inserted;
    }

    /** Lets another worker (or this one after a restart) take the run over at once. */
    public void release(LeasedQueue.Lease lease) {
        QuarkusTransaction.requiringNew().run(() -> sql.apply(c -> queue.release(c, lease)));
    }

    /** The run if this lease still holds it, renewed and locked for the transaction; null otherwise. */
    private EvalRun held(LeasedQueue.Lease lease) {
        return sql.apply(c -> queue.hold(c, lease)) ? EvalRun.findById(lease.unitId()) : null;
    }

    /** Every result of the run by ordinal, with the expected label for classification suites. */
    public void results(String runId, String datasetId, boolean classification,
                        BiConsumer<Integer, RunAggregator.Row> sink) {
        QuarkusTransaction.requiringNew().run(() -> sql.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT r.predicted, r.stats, r.latency_ms,"
                    + " r.first_token_ms, r.prompt_tokens, r.completion_tokens, r.error, e.label, r.ordinal"
                    + " FROM run_result r"
                    + " JOIN dataset_example e ON e.dataset_id = ? AND e.ordinal = r.ordinal WHERE r.run_id = ?"
                    + " ORDER BY r.ordinal")) {
                select.setString(1, datasetId);
                select.setString(2, runId);
                select.setFetchSize(1000);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String stats = rows.getString(2);
                        sink.accept(rows.getInt(9), new RunAggregator.Row(classification ? rows.getString(8) : null, rows.getString(1),
                                stats == null ? Map.of() : Json.read(stats, STATS), rows.getDouble(3),
                                nullableDouble(rows, 4), rows.getLong(5), rows.getLong(6), rows.getString(7) != null));
                    }
                }
            }
            return null;
        }));
    }

    /**
     * Ends the run: succeeded with its summary and {@code eval.completed}, or failed with the reason
     * and {@code eval.failed}. Nothing happens when the run is no longer this worker's.
     *
     * @param failure null for success
     */
    public void finish(LeasedQueue.Lease lease, RunSummary summary, String failure) {
        QuarkusTransaction.requiringNew().run(() -> {
            EvalRun run = held(lease);
            if (run == null) {
                return;
            }
            if (failure != null) {
                fail(run, failure);
                return;
            }
            end(run, EvalRun.State.SUCCEEDED);
            run.summary = Json.write(summary);
            RunSummary.Metric primary = summary.metric(run.primaryMetric);
            run.primaryValue = primary.value();
            MetricKind kind = MetricKind.ofWord(run.primaryMetric).orElseThrow();
            outbox.emit(EventTypes.EVAL_COMPLETED, run.modelId, new EvalCompleted(run.id, run.modelId, run.suiteName,
                    run.primaryMetric, kind.unitValue(primary.value()), summary.latency().p95Ms(), summary.scored(),
                    run.suiteVersion, primary.lower() == null ? null : kind.unitValue(primary.lower()),
                    primary.upper() == null ? null : kind.unitValue(primary.upper()), summary.values()));
            LOG.infof("Run %s (%s %s on %s v%d) succeeded: %s %.4f (95%% CI %s), %d examples, %d failed", run.id,
                    run.modelName, run.modelVersion, run.suiteName, run.suiteVersion, run.primaryMetric,
                    primary.value(), primary.lower() == null ? "none" : String.format(java.util.Locale.ROOT,
                            "%.4f-%.4f", primary.lower(), primary.upper()), summary.scored(), summary.failed());
        });
    }

    private static void end(EvalRun run, EvalRun.State state) {
        OffsetDateTime now = now();
        run.state = state;
        run.finishedAt = now;
        run.updatedAt = now;
    }

    private void fail(EvalRun run, String reason) {
        end(run, EvalRun.State.FAILED);
        run.error = truncate(reason, 2000);
        outbox.emit(EventTypes.EVAL_FAILED, run.modelId, new EvalFailed(run.id, run.modelId, run.suiteName,
                run.suiteVersion, run.error, run.done, run.failed));
        LOG.warnf("Run %s (%s %s on %s v%d) failed: %s", run.id, run.modelName, run.modelVersion, run.suiteName,
                run.suiteVersion, run.error);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static Double nullableDouble(ResultSet rows, int column) throws java.sql.SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rows, int column) throws java.sql.SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** Decides when a progress event is due: every tenth of the work, and at most every few seconds otherwise. */
    public static final class ProgressGate {
        private final Duration every;
        private long lastDecile = -1;
        private Instant last = Instant.EPOCH;

        public ProgressGate(Duration every) {
            this.every = every;
        }

        boolean due(Progress progress) {
            long decile = (long) Math.floor(progress.percent() / 10);
            Instant now = Instant.now();
            if (decile != lastDecile || Duration.between(last, now).compareTo(every) >= 0) {
                lastDecile = decile;
                last = now;
                return true;
            }
            return false;
        }
    }
}
