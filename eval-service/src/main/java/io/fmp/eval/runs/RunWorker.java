package io.fmp.eval.runs;

import io.fmp.eval.EvalConfig;
import io.fmp.eval.datasets.Dataset;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.eval.datasets.DatasetFacts;
import io.fmp.eval.datasets.DatasetStore;
import io.fmp.eval.datasets.ExampleRows;
import io.fmp.metrics.Bootstrap;
import io.fmp.eval.runners.ModelAdapter;
import io.fmp.eval.scoring.ExampleScorer;
import io.fmp.eval.scoring.RunAggregator;
import io.fmp.eval.suites.PromptBuilder;
import io.fmp.eval.suites.Suite;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.eval.suites.TaskType;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.work.LeasedQueue;
import io.fmp.platform.work.LeasedWorkers;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs evaluation runs in this process: claims queued runs (or runs whose worker died) with a
 * lease, executes each through a {@link RunPipeline}, and finishes it with its summary. At most
 * {@code fmp.eval.runs.max-parallel} runs at once; on shutdown each stores what it has and
 * releases its lease, so the next start (or another replica) resumes it at once.
 */
@ApplicationScoped
public class RunWorker {

    private static final Logger LOG = Logger.getLogger(RunWorker.class);

    @Inject
    RunLedger ledger;

    @Inject
    DatasetStore datasets;

    @Inject
    AdapterFactory adapters;

    @Inject
    EvalConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int poolSize;

    private static final String LANE = "runs";

    private final AtomicInteger threadNumber = new AtomicInteger();
    private LeasedWorkers workers;

    void start(@Observes StartupEvent event) {
        EvalConfig.Runs runs = config.runs();
        if (!runs.enabled()) {
            return;
        }
        LeasedWorkers.requireConnections(poolSize, Map.of(LANE, runs.maxParallel()));
        workers = new LeasedWorkers("eval-" + UUID.randomUUID(), runs.pollInterval(), Map.of(LANE, runs.maxParallel()),
                (token, free) -> ledger.claim(token, runs.lease(), runs.maxAttempts()).map(held -> new LeasedWorkers.Work(LANE,
                        "eval-run-" + threadNumber.incrementAndGet(), () -> execute(held))));
        workers.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (workers != null) {
            workers.stop();
        }
    }

    /** After a run was queued, so it starts without waiting for the next poll. */
    public void wakeUp() {
        if (workers != null) {
            workers.wakeUp();
        }
    }

    /** What an attempt needs to know about its run, read once. */
    private record Plan(EvalRun run, SuiteDefinition suite, DatasetFacts dataset, long splitSize) {
    }

    private void execute(LeasedQueue.Lease claim) {
        Plan plan = QuarkusTransaction.requiringNew().call(() -> {
            EvalRun run = EvalRun.findById(claim.unitId());
            Suite suite = Suite.findById(run.suiteId);
            Dataset dataset = Dataset.findById(suite.datasetId);
            return new Plan(run, suite.definition(), dataset.facts(), suite.examples);
        });
        EvalRun run = plan.run();
        LOG.infof("Run %s: attempt %d of %s %s (%s) on %s v%d, %d of %d examples done", run.id, run.attempts,
                run.modelName, run.modelVersion, run.adapter, run.suiteName, run.suiteVersion, run.done, run.total);
        RunSettings settings = run.runSettings();
        ExecutorService pool = null;
        try (ModelAdapter adapter = adapters.create(run.target(), plan.suite(), plan.dataset(), settings)) {
            pool = Executors.newFixedThreadPool(adapter.parallelism(), r -> {
                Thread thread = new Thread(r, "eval-run-call");
                thread.setDaemon(true);
                return thread;
            });
            RunPipeline pipeline = new RunPipeline(store(claim, plan), adapter, prompts(plan, adapter),
                    prompt -> Sha256.hex(run.modelId + "\n" + adapter.cacheScope() + "\n" + prompt),
                    new ExampleScorer(plan.suite(), plan.dataset().labels()), RunPipeline.Tuning.DEFAULT, pool);
            if (pipeline.run() == RunPipeline.Ending.DRAINED) {
                finish(claim, plan, settings);
            } else {
                LOG.infof("Run %s: attempt stopped (cancelled or taken over)", run.id);
            }
        } catch (InterruptedException e) {
            ledger.release(claim);
            LOG.infof("Run %s: stopped by shutdown; the lease is released for the next start", run.id);
        } catch (RunPipeline.AdapterFailure e) {
            ledger.finish(claim, null, "the model could not be called: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            // an Error too (e.g. out of memory while loading an encoder): the run fails with it, not silently
            LOG.errorf(e, "Run %s failed", run.id);
            ledger.finish(claim, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private RunPipeline.Store store(LeasedQueue.Lease claim, Plan plan) {
        RunLedger.ProgressGate gate = new RunLedger.ProgressGate(config.runs().progressEvery());
        java.util.BitSet done = ledger.resultOrdinals(claim.unitId());
        return new RunPipeline.Store() {
            @Override
            public List<ExampleRows.Numbered> pending(int after, int limit) {
                // a page of the dataset may be all done (a resumed attempt): read on until some is not
                int from = after;
                while (true) {
                    List<ExampleRows.Numbered> page = ledger.examples(plan.dataset().id(), plan.suite().split(), from,
                            limit);
                    if (page.isEmpty()) {
                        return page;
                    }
                    List<ExampleRows.Numbered> open = page.stream().filter(e -> !done.get(e.ordinal())).toList();
                    if (!open.isEmpty()) {
                        return open;
                    }
                    from = page.get(page.size() - 1).ordinal();
                }
            }

            @Override
            public Map<String, ModelAdapter.Answer> cached(Collection<String> keys) {
                return ledger.cached(keys);
            }

            @Override
            public boolean flush(List<RunPipeline.Outcome> outcomes) {
                return ledger.flush(claim, plan.run().modelId, outcomes, gate);
            }
        };
    }

    private Function<ExampleRows.Numbered, String> prompts(Plan plan, ModelAdapter adapter) {
        if (!adapter.usesPromptTemplate()) {
            return numbered -> numbered.example().input();
        }
        SuiteDefinition.FewShot fewShot = plan.suite().fewShot();
        List<DatasetExample> shots = fewShot.count() == 0 ? List.of()
                : datasets.sample(plan.dataset().id(), fewShot.split(),
                plan.dataset().split(fewShot.split()).orElseThrow().examples(), fewShot.count(), fewShot.seed());
        PromptBuilder builder = new PromptBuilder(plan.suite(), plan.dataset().labels(), shots);
        return numbered -> builder.prompt(numbered.example());
    }

    private void finish(LeasedQueue.Lease claim, Plan plan, RunSettings settings) {
        SuiteDefinition suite = plan.suite();
        RunAggregator aggregator = new RunAggregator(suite.metrics());
        ledger.results(claim.unitId(), plan.dataset().id(), suite.taskType() == TaskType.CLASSIFICATION,
                (ordinal, row) -> aggregator.add(row));
        RunTarget target = plan.run().target();
        RunSummary summary = RunSummary.of(aggregator.summarise(new Bootstrap(settings.bootstrapSeed(),
                settings.bootstrapResamples()), target.usdPerMillionInput(), target.usdPerMillionOutput()));
        long handled = summary.scored() + summary.failed();
        if (summary.scored() == 0) {
            ledger.finish(claim, null, "no example could be scored: all " + handled + " failed");
        } else if ((double) summary.failed() / handled > settings.maxErrorRate()) {
            ledger.finish(claim, null, String.format(java.util.Locale.ROOT, "%d of %d examples failed (%.1f %%), above"
                            + " the run's limit of %.1f %%; their errors are in the run's results", summary.failed(),
                    handled, 100.0 * summary.failed() / handled, 100 * settings.maxErrorRate()));
        } else {
            ledger.finish(claim, summary, null);
        }
    }
}
