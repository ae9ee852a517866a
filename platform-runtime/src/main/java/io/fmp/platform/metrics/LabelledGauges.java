package io.fmp.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A family of gauges with labels (runs by state, jobs by state and method...) whose values a service reads from its
 * database now and then, for instance with one grouped query. Every combination named up front is registered at zero,
 * so dashboards and alerts see the series before the first row exists; a combination missing from an update reads 0.
 */
public final class LabelledGauges {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String baseUnit;
    private final List<String> labels;
    private final Map<List<String>, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    /** @param known the label values (in the order of {@code labels}) to register at zero */
    public LabelledGauges(MeterRegistry registry, String name, String description, String baseUnit, List<String> labels,
                          List<List<String>> known) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.baseUnit = baseUnit;
        this.labels = List.copyOf(labels);
        known.forEach(this::gauge);
    }

    /** The current values; every other registered combination becomes 0. */
    public void update(Map<List<String>, ? extends Number> current) {
        values.forEach((key, value) -> value.set(0.0));
        current.forEach((key, value) -> gauge(key).set(value.doubleValue()));
    }

    private AtomicReference<Double> gauge(List<String> labelValues) {
        if (labelValues.size() != labels.size()) {
            throw new IllegalArgumentException(name + " has labels " + labels + ", not values " + labelValues);
        }
        return values.computeIfAbsent(List.copyOf(labelValues), key -> {
            AtomicReference<Double> value = new AtomicReference<>(0.0);
            Tags tags = Tags.empty();
            for (int i = 0; i < labels.size(); i++) {
                tags = tags.and(labels.get(i), key.get(i));
            }
            Gauge.builder(name, value, AtomicReference::get).tags(tags).description(description).baseUnit(baseUnit)
                    .register(registry);
            return value;
        });
    }
}
