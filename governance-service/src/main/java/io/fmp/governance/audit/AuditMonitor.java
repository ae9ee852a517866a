package io.fmp.governance.audit;

import io.fmp.platform.metrics.AgeGauge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies the audit chain end to end and signs a fresh checkpoint every {@code fmp.governance.audit-log.verify-every},
 * so operators see the result before anyone asks: whether the chain is intact (1, or 0 with the first broken
 * sequence logged; -1 before the first verification), how long ago it was verified, and the age of the newest
 * checkpoint.
 */
@ApplicationScoped
public class AuditMonitor {

    private static final Logger LOG = Logger.getLogger(AuditMonitor.class);

    @Inject
    AuditTrail trail;

    @Inject
    AuditLog log;

    @Inject
    MeterRegistry registry;

    private final AtomicLong intact = new AtomicLong(-1);
    private AgeGauge verified;
    private AgeGauge checkpointSigned;

    void start(@Observes StartupEvent event) {
        Gauge.builder("fmp.governance.audit.chain.intact", intact, AtomicLong::get)
                .description("1: the audit chain verified intact; 0: broken; -1: not verified yet").register(registry);
        verified = new AgeGauge(registry, "fmp.governance.audit.verification.age",
                "Since the audit chain was last verified end to end (0 before the first verification)");
        checkpointSigned = new AgeGauge(registry, "fmp.governance.audit.checkpoint.age",
                "Since the newest audit-log checkpoint was signed");
    }

    @Scheduled(every = "${fmp.governance.audit-log.verify-every}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void verify() {
        long broken = trail.firstBrokenSequence();
        if (broken != 0) {
            LOG.errorf("The audit chain is broken at sequence %d", broken);
        }
        intact.set(broken == 0 ? 1 : 0);
        verified.now();
        log.checkpoint();
        checkpointSigned.now();
    }
}
