package io.fmp.governance.approvals;

import io.fmp.platform.metrics.AgeGauge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/** Approval requests waiting for approvers, and the oldest one's wait, read every 15 s (registered at zero). */
@ApplicationScoped
public class ApprovalMetrics {

    @Inject
    MeterRegistry registry;

    private final AtomicLong pending = new AtomicLong();
    private AgeGauge oldestPending;

    void start(@Observes StartupEvent event) {
        Gauge.builder("fmp.governance.approvals.pending", pending, AtomicLong::get)
                .description("Approval requests waiting for their quorum").register(registry);
        oldestPending = new AgeGauge(registry, "fmp.governance.approvals.oldest.pending.age",
                "How long the oldest pending approval request has waited");
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        pending.set(ApprovalRequest.count("state", ApprovalRequest.PENDING));
        OffsetDateTime oldest = ApprovalRequest.find("select min(a.createdAt) from ApprovalRequest a where a.state = ?1",
                ApprovalRequest.PENDING).project(OffsetDateTime.class).firstResult();
        oldestPending.since(oldest);
    }
}
