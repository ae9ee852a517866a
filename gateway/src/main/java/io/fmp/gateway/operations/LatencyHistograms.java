package io.fmp.gateway.operations;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;

/**
 * The gateway's copy of platform-runtime's filter (the gateway has no platform-runtime): latency histograms
 * Prometheus can aggregate across replicas (its {@code _bucket} series): for the HTTP and gRPC
 * servers and the platform's own timers ({@code fmp.*}), between 1 ms and 2 min. Micrometer exports only count, sum
 * and max unless a filter asks for them.
 */
@Singleton
public class LatencyHistograms {

    static final List<String> TIMED = List.of("http.server.requests", "grpc.server.processing.duration", "fmp.");

    @Produces
    @Singleton
    MeterFilter latencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || TIMED.stream().noneMatch(id.getName()::startsWith)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofMinutes(2).toNanos()).build().merge(config);
            }
        };
    }
}
