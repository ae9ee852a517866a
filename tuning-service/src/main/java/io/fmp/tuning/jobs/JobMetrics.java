package io.fmp.tuning.jobs;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tuning's own metrics for dashboards and alerts, all registered at zero: jobs by state, method and executor and the
 * oldest queued job's wait (read from the database every {@code fmp.tuning.jobs.metrics-every}, the same from every
 * replica), GPU seconds used, and how long jobs waited before a worker took them.
 */
@ApplicationScoped
public class JobMetrics {

    @Inject
    MeterRegistry registry;

    private LabelledGauges jobs;
    private final AtomicLong gpuSeconds = new AtomicLong();
    private QueueMetrics queue;

    void start(@Observes StartupEvent event) {
        List<List<String>> known = new ArrayList<>();
        for (TuningJob.State state : TuningJob.State.values()) {
            for (TuningMethod method : TuningMethod.values()) {
                for (ExecutorKind executor : ExecutorKind.values()) {
                    known.add(List.of(state.word(), method.word(), executor.word()));
                }
            }
        }
        jobs = new LabelledGauges(registry, "fmp.tuning.jobs", "Tuning jobs by state, method and executor", null,
                List.of("state", "method", "executor"), known);
        FunctionCounter.builder("fmp.tuning.gpu", gpuSeconds, AtomicLong::get).baseUnit("seconds")
                .description("GPU time tuning jobs have used").register(registry);
        queue = new QueueMetrics(registry, "fmp.tuning", "tuning jobs");
    }

    /** A worker took a job for the first time. */
    void started(OffsetDateTime queuedAt, OffsetDateTime startedAt) {
        queue.started(queuedAt, startedAt);
    }

    @Scheduled(every = "${fmp.tuning.jobs.metrics-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        Map<List<String>, Long> counts = new HashMap<>();
        TuningJob.getEntityManager().createQuery("select j.state, j.method, j.executor, count(j) from TuningJob j"
                + " group by j.state, j.method, j.executor", Object[].class).getResultList().forEach(row -> counts.put(
                List.of(((TuningJob.State) row[0]).word(), ((TuningMethod) row[1]).word(), ((ExecutorKind) row[2]).word()),
                (Long) row[3]));
        jobs.update(counts);
        Double hours = TuningJob.find("select coalesce(sum(j.gpuHours), 0) from TuningJob j").project(Double.class)
                .firstResult();
        gpuSeconds.set(hours == null ? 0 : Math.round(hours * 3600));
        OffsetDateTime oldest = TuningJob.find("select min(j.createdAt) from TuningJob j where j.state = ?1",
                TuningJob.State.QUEUED).project(OffsetDateTime.class).firstResult();
        queue.oldestQueued(oldest);
    }
}
