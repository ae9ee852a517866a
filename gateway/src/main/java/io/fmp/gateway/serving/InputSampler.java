package io.fmp.gateway.serving;

import io.fmp.contracts.eval.v1.CapturedInputs;
import io.fmp.contracts.eval.v1.RecordInputsRequest;
import io.fmp.contracts.serving.v1.Deployment;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.downstream.EvalClient;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The opt-in input capture: for a deployment whose capture is on, a request is sampled with its sample rate and its
 * inputs (as the guardrails left them: redacted personal data stays redacted) are kept in memory, then sent to
 * eval-service's input monitoring in numbered batches with the usage flush; a batch that did not arrive goes again
 * with the same id. Nothing on the request path waits for it. At most {@code capture-max-pending} inputs wait here:
 * beyond that, samples are dropped (and counted) rather than the gateway's memory growing while eval-service is away.
 */
@ApplicationScoped
public class InputSampler {

    private static final Logger LOG = Logger.getLogger(InputSampler.class);

    private record Key(String project, String deployment, String modelId, String suite, List<String> useCaseIds,
                       int window) {
    }

    @Inject
    EvalClient eval;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    private final ResentBatches<RecordInputsRequest> batches = new ResentBatches<>("inputs");
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Map<Key, Queue<String>> open = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(config.serving().usageFlushEvery().toMillis(), id -> flush());
    }

    /** Samples a request's inputs if its deployment captures; nothing is read from the request when it does not. */
    public void offer(Deployment deployment, Supplier<List<String>> requestInputs) {
        if (!deployment.hasCapture() || ThreadLocalRandom.current().nextDouble() >= deployment.getCapture().getSampleRate()) {
            return;
        }
        List<String> inputs = requestInputs.get();
        if (inputs.isEmpty()) {
            return;
        }
        if (pending.addAndGet(inputs.size()) > config.serving().captureMaxPending()) {
            pending.addAndGet(-inputs.size());
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warnf("Input capture: %d samples dropped so far, eval-service is not taking them", dropped.get());
            }
            return;
        }
        var capture = deployment.getCapture();
        open.computeIfAbsent(new Key(deployment.getProject(), deployment.getSpec().getName(),
                deployment.getSpec().getModelId(), capture.getSuite(), deployment.getUseCaseIdsList(), capture.getWindow()),
                k -> new ConcurrentLinkedQueue<>()).addAll(inputs);
    }

    void flush() {
        batches.flush(id -> {
            Map<Key, Queue<String>> closed = open;
            if (closed.isEmpty()) {
                return null;
            }
            open = new ConcurrentHashMap<>();
            List<CapturedInputs> captures = new ArrayList<>();
            closed.forEach((k, texts) -> captures.add(CapturedInputs.newBuilder().setProject(k.project())
                    .setDeployment(k.deployment()).setModelId(k.modelId()).setSuite(k.suite())
                    .addAllUseCaseIds(k.useCaseIds()).setWindow(k.window()).addAllTexts(texts).build()));
            return RecordInputsRequest.newBuilder().setBatchId(id).addAllCaptures(captures).build();
        }, eval::recordInputs, recorded -> pending.addAndGet(-recorded.getCapturesList().stream()
                .mapToInt(CapturedInputs::getTextsCount).sum()));
    }
}
