package io.fmp.platform.work;

import io.fmp.platform.metrics.AgeGauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * How long a leased queue's units wait: each one's wait before a worker first took it ({@code <prefix>.queue.wait},
 * a histogram) and the oldest still queued ({@code <prefix>.queue.oldest.age}), both registered at zero.
 */
public final class QueueMetrics {

    private final Timer waits;
    private final AgeGauge oldest;

    /** @param units what waits, in words ("runs", "jobs") */
    public QueueMetrics(MeterRegistry registry, String prefix, String units) {
        waits = Timer.builder(prefix + ".queue.wait").description("From queued to taken by a worker, for " + units
                + " (first attempt)").register(registry);
        oldest = new AgeGauge(registry, prefix + ".queue.oldest.age", "How long the oldest queued of the " + units
                + " has waited for a worker");
    }

    /** A worker took a unit for the first time. */
    public void started(OffsetDateTime queuedAt, OffsetDateTime startedAt) {
        waits.record(Duration.between(queuedAt, startedAt));
    }

    /** When the oldest unit still queued was queued; null: none is. */
    public void oldestQueued(OffsetDateTime queuedAt) {
        oldest.since(queuedAt);
    }
}
