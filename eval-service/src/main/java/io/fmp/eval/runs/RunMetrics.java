package io.fmp.eval.runs;

import io.fmp.platform.metrics.LabelledGauges;
import io.fmp.platform.work.QueueMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evaluation's own metrics for dashboards and alerts, all registered at zero: runs by state and the oldest queued
 * run's wait (read from the database every {@code fmp.eval.runs.metrics-every}, the same from every replica), examples
 * scored, and how long runs waited before a worker took them.
 */
@ApplicationScoped
public class RunMetrics {

    @Inject
    MeterRegistry registry;

    private LabelledGauges runs;
    private final AtomicLong scored = new AtomicLong();
    private QueueMetrics queue;

    void start(@Observes StartupEvent event) {
        runs = new LabelledGauges(registry, "fmp.eval.runs", "Evaluation runs by state", null, List.of("state"),
                Arrays.stream(EvalRun.State.values()).map(s -> List.of(word(s))).toList());
        FunctionCounter.builder("fmp.eval.examples.scored", scored, AtomicLong::get)
                .description("Examples scored by evaluation runs").register(registry);
        queue = new QueueMetrics(registry, "fmp.eval", "evaluation runs");
    }

    /** A worker took a run for the first time. */
    void started(OffsetDateTime queuedAt, OffsetDateTime startedAt) {
        queue.started(queuedAt, startedAt);
    }

    @Scheduled(every = "${fmp.eval.runs.metrics-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Map<List<String>, Long> byState = new HashMap<>();
        EvalRun.getEntityManager().createQuery("select r.state, count(r) from EvalRun r group by r.state", Object[].class)
                .getResultList().forEach(row -> byState.put(List.of(word((EvalRun.State) row[0])), (Long) row[1]));
        runs.update(byState);
        Long done = EvalRun.find("select coalesce(sum(r.done), 0) from EvalRun r").project(Long.class).firstResult();
        scored.set(done == null ? 0 : done);
        OffsetDateTime oldest = EvalRun.find("select min(r.createdAt) from EvalRun r where r.state = ?1",
                EvalRun.State.QUEUED).project(OffsetDateTime.class).firstResult();
        queue.oldestQueued(oldest);
    }

    private static String word(EvalRun.State state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
