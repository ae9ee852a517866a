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
 * for good; no answer (eval-service away, a run the caller may not read) is not kept and asked again next time,
 * and says so: a decision made without it must not be kept either.
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

    /** eval-service's answer ({@code comparison} empty: the runs do not report the metric), or none at all. */
    public record Answer(Optional<Comparison> comparison, boolean answered) {
        static final Answer NONE = new Answer(Optional.empty(), false);
    }

    @GrpcClient("eval")
    EvalServiceGrpc.EvalServiceBlockingStub eval;

    private final Map<String, Comparison> known = new ConcurrentHashMap<>();

    public Answer compare(String baseRunId, String tunedRunId, String metric) {
        String key = baseRunId + "/" + tunedRunId;
        Comparison cached = known.get(key);
        if (cached != null) {
            return new Answer(Optional.of(cached), true);
        }
        try {
            RunComparison comparison = eval.withDeadlineAfter(10, TimeUnit.SECONDS).compareRuns(CompareRunsRequest
                    .newBuilder().setBaselineRunId(baseRunId).setSystemRunId(tunedRunId).build());
            Optional<Comparison> primary = comparison.getMetricsList().stream()
                    .filter(m -> m.getMetric().equals(metric)).findFirst().map(RunComparisons::of);
            primary.ifPresent(c -> known.put(key, c));
            return new Answer(primary, true);
        } catch (StatusRuntimeException e) {
            LOG.debugf("No paired comparison of run %s against %s: %s", tunedRunId, baseRunId, e.getStatus());
            return Answer.NONE;
        }
    }

    private static Comparison of(MetricComparison m) {
        return new Comparison(m.getMetric(), m.getDelta(), m.getPValue(), m.getSignificant(), m.getHigherIsBetter());
    }
}
