package io.fmp.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gauge of how long ago something happened, in seconds (the oldest unpublished event, the oldest queued run, the
 * last verification): computed when Prometheus reads it, so it keeps growing while nothing updates it. 0 while
 * there is nothing to measure. Registered at creation.
 */
public final class AgeGauge {

    private final AtomicLong sinceMillis = new AtomicLong();

    public AgeGauge(MeterRegistry registry, String name, String description) {
        Gauge.builder(name, sinceMillis, at -> at.get() == 0 ? 0 : (System.currentTimeMillis() - at.get()) / 1000.0)
                .baseUnit("seconds").description(description).register(registry);
    }

    /** Since when; null: nothing to measure (0). */
    public void since(OffsetDateTime at) {
        sinceMillis.set(at == null ? 0 : at.toInstant().toEpochMilli());
    }

    /** From now on. */
    public void now() {
        sinceMillis.set(System.currentTimeMillis());
    }
}
