package io.fmp.governance.facts;

import io.fmp.contracts.eval.v1.CompareRunsRequest;
import io.fmp.contracts.eval.v1.EvalServiceGrpc;
import io.fmp.contracts.eval.v1.MetricComparison;
import io.fmp.contracts.eval.v1.RunComparison;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * eval-service's paired bootstrap test of a tuned model's run against its base model's run on the same suite
 * version (the seeds' "watch for catastrophic forgetting"). Finished runs never change, so an answer is kept
 * for good; no answer (eval-service away, a run the caller may not read) is not kept and asked again next time.
 */
@ApplicationScoped
public class RunComparisons {

    private static final Logger LOG = Logger.getLogger(RunComparisons.class);

    /** The primary metric's comparison: the tuned run's change against the base run and its significance. */
    public record Comparison(String metric, double delta, double pValue, boolean significant, boolean higherIsBetter) {
        /** Significantly worse than the base. */
        public boolean worse() {
            return significant && (higherIsBetter ? delta < 0 : delta > 0);
        }
    }

    @GrpcClient("eval")
    EvalServiceGrpc.EvalServiceBlockingStub eval;

    private final Map<String, Comparison> known = new ConcurrentHashMap<>();

    public Optional<Comparison> compare(String baseRunId, String tunedRunId, String metric) {
        String key = baseRunId + "/" + tunedRunId;
        Comparison cached = known.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            RunComparison comparison = eval.withDeadlineAfter(10, TimeUnit.SECONDS).compareRuns(CompareRunsRequest
                    .newBuilder().setBaselineRunId(baseRunId).setSystemRunId(tunedRunId).build());
            Optional<Comparison> primary = comparison.getMetricsList().stream()
                    .filter(m -> m.getMetric().equals(metric)).findFirst().map(RunComparisons::of);
            primary.ifPresent(c -> known.put(key, c));
            return primary;
        } catch (StatusRuntimeException e) {
            LOG.debugf("No paired comparison of run %s against %s: %s", tunedRunId, baseRunId, e.getStatus());
            return Optional.empty();
        }
    }

    private static Comparison of(MetricComparison m) {
        return new Comparison(m.getMetric(), m.getDelta(), m.getPValue(), m.getSignificant(), m.getHigherIsBetter());
    }
}
