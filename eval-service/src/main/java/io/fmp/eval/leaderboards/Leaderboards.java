package io.fmp.eval.leaderboards;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.identity.Principal;
import io.fmp.metrics.Bootstrap;
import io.fmp.eval.runs.EvalRun;
import io.fmp.eval.runs.RunLedger;
import io.fmp.eval.runs.Runs;
import io.fmp.eval.scoring.RunAggregator;
import io.fmp.eval.scoring.RunComparator;
import io.fmp.eval.suites.Suite;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.eval.suites.SuiteStore;
import io.fmp.eval.suites.TaskType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Ranks models on a suite version and compares two runs with paired significance. */
@ApplicationScoped
public class Leaderboards {

    @Inject
    SuiteStore suites;

    @Inject
    Runs runs;

    @Inject
    RunLedger ledger;

    /** @param runs the latest succeeded run per model, best primary metric first */
    public record Board(Suite suite, SuiteDefinition definition, List<EvalRun> runs) {
    }

    @Transactional
    public Board board(Principal caller, String suiteName, int suiteVersion) {
        Suite suite = suites.get(caller, suiteName, suiteVersion);
        Map<String, EvalRun> latest = new LinkedHashMap<>();
        for (EvalRun run : EvalRun.<EvalRun>list("suiteId = ?1 and state = ?2 order by finishedAt desc, id", suite.id,
                EvalRun.State.SUCCEEDED)) {
            // a shared suite's board shows the runs of the caller's project and the shared ones
            if (caller.sees(run.project)) {
                latest.putIfAbsent(run.modelId, run);
            }
        }
        List<EvalRun> ranked = new ArrayList<>(latest.values());
        ranked.sort(Comparator.comparing((EvalRun r) -> r.primaryValue, Comparator.reverseOrder())
                .thenComparing(r -> r.modelName).thenComparing(r -> r.modelId));
        return new Board(suite, suite.definition(), ranked);
    }

    public record Comparison(EvalRun baseline, EvalRun system, long pairedExamples,
                             List<RunComparator.MetricComparison> metrics) {
    }

    public Comparison compare(Principal caller, String baselineId, String systemId, int resamples, long seed) {
        if (resamples != 0 && (resamples < 100 || resamples > 100_000)) {
            throw new InvalidInputException("resamples", "must be between 100 and 100000 (0 = 1000)");
        }
        EvalRun baseline = runs.get(caller, baselineId);
        EvalRun system = runs.get(caller, systemId);
        for (EvalRun run : List.of(baseline, system)) {
            if (run.state != EvalRun.State.SUCCEEDED) {
                throw new StateConflictException("run " + run.id + " is " + run.state.name().toLowerCase()
                        + "; only succeeded runs can be compared");
            }
        }
        if (!baseline.suiteId.equals(system.suiteId)) {
            throw new InvalidInputException("systemRunId", "ran suite " + system.suiteName + " v" + system.suiteVersion
                    + ", the baseline " + baseline.suiteName + " v" + baseline.suiteVersion
                    + "; paired comparison needs the same suite version");
        }
        Suite suite = Suite.findById(baseline.suiteId);
        SuiteDefinition definition = suite.definition();
        boolean classification = definition.taskType() == TaskType.CLASSIFICATION;
        Map<Integer, RunAggregator.Row> baselineRows = new TreeMap<>();
        ledger.results(baseline.id, suite.datasetId, classification, baselineRows::put);
        Map<Integer, RunAggregator.Row> systemRows = new TreeMap<>();
        ledger.results(system.id, suite.datasetId, classification, systemRows::put);
        List<RunAggregator.Row> pairedBaseline = new ArrayList<>();
        List<RunAggregator.Row> pairedSystem = new ArrayList<>();
        baselineRows.forEach((ordinal, row) -> {
            RunAggregator.Row other = systemRows.get(ordinal);
            if (other != null && !row.failed() && !other.failed()) {
                pairedBaseline.add(row);
                pairedSystem.add(other);
            }
        });
        if (pairedBaseline.isEmpty()) {
            throw new StateConflictException("the runs scored no example in common");
        }
        Bootstrap bootstrap = new Bootstrap(seed == 0 ? 12345 : seed, resamples == 0 ? 1000 : resamples);
        return new Comparison(baseline, system, pairedBaseline.size(),
                RunComparator.compare(definition.metrics(), pairedBaseline, pairedSystem, bootstrap));
    }
}
