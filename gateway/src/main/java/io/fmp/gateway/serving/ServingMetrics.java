package io.fmp.gateway.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serving route's metrics per deployment (project and name): requests by outcome, tokens by kind, refusals by
 * reason (guardrails among them) and the time to the first token. A deployment's series are registered at zero as
 * soon as the directory sees it, so dashboards and alerts have them before its first call.
 */
@ApplicationScoped
public class ServingMetrics {

    /** Why a call was refused before it reached the model. */
    public static final List<String> BLOCK_REASONS = List.of("guardrails", "drained", "budget");

    private record Meters(Counter ok, Counter failed, Counter prompt, Counter completion, Map<String, Counter> blocked,
                          Timer firstToken) {
    }

    @Inject
    MeterRegistry registry;

    private final Map<String, Meters> byDeployment = new ConcurrentHashMap<>();

    /** Registers a deployment's series (at zero) if they are not yet. */
    public void known(String project, String deployment) {
        meters(project, deployment);
    }

    void answered(String project, String deployment, long prompt, long completion, boolean error) {
        Meters m = meters(project, deployment);
        (error ? m.failed() : m.ok()).increment();
        m.prompt().increment(prompt);
        m.completion().increment(completion);
    }

    void blocked(String project, String deployment, String reason) {
        meters(project, deployment).blocked().get(reason).increment();
    }

    void firstToken(String project, String deployment, Duration elapsed) {
        meters(project, deployment).firstToken().record(elapsed);
    }

    private Meters meters(String project, String deployment) {
        return byDeployment.computeIfAbsent(project + "/" + deployment, key -> {
            String[] tags = {"project", project, "deployment", deployment};
            Map<String, Counter> blocked = new ConcurrentHashMap<>();
            for (String reason : BLOCK_REASONS) {
                blocked.put(reason, Counter.builder("fmp.serving.blocked").tags(tags).tag("reason", reason)
                        .description("Calls refused before they reached the model, by reason").register(registry));
            }
            return new Meters(request(tags, "ok"), request(tags, "error"), tokens(tags, "prompt"),
                    tokens(tags, "completion"), blocked, Timer.builder("fmp.serving.time.to.first.token").tags(tags)
                    .description("From the request (its body read) to the first byte of the answer (a stream's first"
                            + " chunk)").register(registry));
        });
    }

    private Counter request(String[] tags, String outcome) {
        return Counter.builder("fmp.serving.requests").tags(tags).tag("outcome", outcome)
                .description("Calls answered by a deployment (error: a 4xx or 5xx answer, or none)").register(registry);
    }

    private Counter tokens(String[] tags, String kind) {
        return Counter.builder("fmp.serving.tokens").tags(tags).tag("kind", kind)
                .description("Tokens metered for a deployment").register(registry);
    }
}
