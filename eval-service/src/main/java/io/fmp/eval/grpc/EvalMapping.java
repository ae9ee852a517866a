package io.fmp.eval.grpc;

import io.fmp.contracts.eval.v1.ClassScore;
import io.fmp.contracts.eval.v1.Dataset;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.Decoding;
import io.fmp.contracts.eval.v1.Example;
import io.fmp.contracts.eval.v1.ExampleResult;
import io.fmp.contracts.eval.v1.FewShot;
import io.fmp.contracts.eval.v1.LatencySummary;
import io.fmp.contracts.eval.v1.Leaderboard;
import io.fmp.contracts.eval.v1.LeaderboardEntry;
import io.fmp.contracts.eval.v1.MetricComparison;
import io.fmp.contracts.eval.v1.MetricValue;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.RunComparison;
import io.fmp.contracts.eval.v1.RunProgress;
import io.fmp.contracts.eval.v1.RunSettings;
import io.fmp.contracts.eval.v1.RunState;
import io.fmp.contracts.eval.v1.SplitCount;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.Suite;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.eval.v1.TaskType;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.eval.v1.InputDriftMeasurement;
import io.fmp.contracts.eval.v1.InputDriftReport;
import io.fmp.eval.monitoring.InputMonitoring;
import io.fmp.eval.datasets.DatasetFacts;
import io.fmp.eval.datasets.DatasetReader;
import io.fmp.eval.datasets.ExampleRows;
import io.fmp.eval.leaderboards.Leaderboards;
import io.fmp.eval.runs.EvalRun;
import io.fmp.eval.runs.Progress;
import io.fmp.eval.runs.RunSummary;
import io.fmp.eval.runs.Runs;
import io.fmp.eval.scoring.RunComparator;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.eval.suites.SuiteRequest;


/** Domain objects to and from the EvalService messages. */
final class EvalMapping {

    private EvalMapping() {
    }

    // ---- datasets ----

    static DatasetReader.Format format(DatasetFormat format) {
        return switch (format) {
            case JSONL -> DatasetReader.Format.JSONL;
            case CSV -> DatasetReader.Format.CSV;
            default -> null;
        };
    }

    static Dataset dataset(io.fmp.eval.datasets.Dataset d) {
        DatasetFacts facts = d.facts();
        Dataset.Builder proto = Dataset.newBuilder().setId(d.id).setProject(d.project).setName(d.name).setVersion(d.version)
                .setFormat("csv".equals(d.format) ? DatasetFormat.CSV : DatasetFormat.JSONL)
                .setDescription(d.description == null ? "" : d.description).setSha256(d.sha256).setBytes(d.bytes)
                .setExamples(d.examples).addAllLabels(facts.labels()).setLabelCount(d.labelCount)
                .setWithReferences(d.withReferences).setWithChoices(d.withChoices)
                .setCreatedAt(ProtoTimestamps.of(d.createdAt));
        facts.splits().forEach(s -> proto.addSplits(SplitCount.newBuilder().setName(s.name()).setExamples(s.examples())));
        return proto.build();
    }

    static Example example(ExampleRows.Numbered numbered) {
        var e = numbered.example();
        return Example.newBuilder().setOrdinal(numbered.ordinal()).setLine(e.line()).setSplit(e.split())
                .setInput(e.input()).addAllReferences(e.references()).setLabel(e.label() == null ? "" : e.label())
                .addAllChoices(e.choices()).putAllMetadata(e.metadata()).build();
    }

    // ---- suites ----

    static SuiteRequest suiteRequest(SuiteSpec spec) {
        return new SuiteRequest(spec.getName(), spec.getDescription(), spec.getDataset(), spec.getDatasetVersion(),
                spec.getSplit(), taskType(spec.getTaskType()), spec.getPromptTemplate(), spec.getMetricsList(),
                spec.getPrimaryMetric(), spec.getDecoding().getTemperature(), spec.getDecoding().getMaxTokens(),
                spec.getDecoding().getTopP(), spec.getDecoding().getStopList(), spec.getDecoding().getLogprobs(),
                spec.getFewShot().getCount(), spec.getFewShot().getSplit(), spec.getFewShot().getSeed(),
                spec.getLabelDescriptionsMap());
    }

    static io.fmp.eval.suites.TaskType taskType(TaskType type) {
        return switch (type) {
            case CLASSIFICATION -> io.fmp.eval.suites.TaskType.CLASSIFICATION;
            case MULTIPLE_CHOICE -> io.fmp.eval.suites.TaskType.MULTIPLE_CHOICE;
            case GENERATION -> io.fmp.eval.suites.TaskType.GENERATION;
            case EXTRACTION -> io.fmp.eval.suites.TaskType.EXTRACTION;
            default -> null;
        };
    }

    static TaskType taskType(io.fmp.eval.suites.TaskType type) {
        return switch (type) {
            case CLASSIFICATION -> TaskType.CLASSIFICATION;
            case MULTIPLE_CHOICE -> TaskType.MULTIPLE_CHOICE;
            case GENERATION -> TaskType.GENERATION;
            case EXTRACTION -> TaskType.EXTRACTION;
        };
    }

    static Suite suite(io.fmp.eval.suites.Suite suite) {
        SuiteDefinition d = suite.definition();
        SuiteDefinition.Decoding decoding = d.decoding();
        SuiteSpec spec = SuiteSpec.newBuilder().setName(d.name()).setDescription(d.description())
                .setDataset(d.dataset()).setDatasetVersion(d.datasetVersion()).setSplit(d.split())
                .setTaskType(taskType(d.taskType())).setPromptTemplate(d.promptTemplate())
                .addAllMetrics(d.metrics().stream().map(m -> m.word).toList()).setPrimaryMetric(d.primaryMetric().word)
                .setDecoding(Decoding.newBuilder().setTemperature(decoding.temperature())
                        .setMaxTokens(decoding.maxTokens()).setTopP(decoding.topP()).addAllStop(decoding.stop())
                        .setLogprobs(decoding.logprobs()))
                .setFewShot(FewShot.newBuilder().setCount(d.fewShot().count()).setSplit(d.fewShot().split())
                        .setSeed(d.fewShot().seed()))
                .putAllLabelDescriptions(d.labelDescriptions()).build();
        return Suite.newBuilder().setId(suite.id).setProject(suite.project).setVersion(suite.version).setSpec(spec).setDatasetId(suite.datasetId)
                .setExamples(suite.examples).setCreatedAt(ProtoTimestamps.of(suite.createdAt)).build();
    }

    // ---- runs ----

    static io.fmp.eval.runs.RunSettings settings(StartRunRequest request) {
        RunSettings s = request.getSettings();
        return io.fmp.eval.runs.RunSettings.of(s.getConcurrency(), s.getTimeoutMs(), s.getMaxRetries(),
                s.getRequestsPerSecond(), s.getTokensPerMinute(), s.getBatchSize(), s.getMaxErrorRate(),
                s.getBootstrapResamples(), s.getBootstrapSeed(), s.getStream());
    }

    static EvalRun.State state(RunState state) {
        return switch (state) {
            case QUEUED -> EvalRun.State.QUEUED;
            case RUNNING -> EvalRun.State.RUNNING;
            case SUCCEEDED -> EvalRun.State.SUCCEEDED;
            case FAILED -> EvalRun.State.FAILED;
            case CANCELLED -> EvalRun.State.CANCELLED;
            default -> null;
        };
    }

    static RunState state(EvalRun.State state) {
        return switch (state) {
            case QUEUED -> RunState.QUEUED;
            case RUNNING -> RunState.RUNNING;
            case SUCCEEDED -> RunState.SUCCEEDED;
            case FAILED -> RunState.FAILED;
            case CANCELLED -> RunState.CANCELLED;
        };
    }

    static Run run(EvalRun run) {
        io.fmp.eval.runs.RunSettings s = run.runSettings();
        Progress p = run.progress();
        Run.Builder proto = Run.newBuilder().setId(run.id).setProject(run.project).setSuite(run.suiteName).setSuiteVersion(run.suiteVersion)
                .setModelId(run.modelId).setModelName(run.modelName).setModelVersion(run.modelVersion)
                .setAdapter(run.adapter).setState(state(run.state))
                .setProgress(RunProgress.newBuilder().setDone(p.done()).setTotal(p.total()).setFailed(p.failed())
                        .setCached(p.cached()).setPercent(p.percent()).setExamplesPerSecond(p.examplesPerSecond())
                        .setEtaSeconds(p.etaSeconds() == null ? -1 : p.etaSeconds()))
                .setPrimaryMetric(run.primaryMetric).setError(run.error == null ? "" : run.error)
                .setSettings(RunSettings.newBuilder().setConcurrency(s.concurrency()).setTimeoutMs(s.timeoutMs())
                        .setMaxRetries(s.maxRetries()).setRequestsPerSecond(s.requestsPerSecond())
                        .setTokensPerMinute(s.tokensPerMinute()).setBatchSize(s.batchSize())
                        .setMaxErrorRate(s.maxErrorRate()).setBootstrapResamples(s.bootstrapResamples())
                        .setBootstrapSeed(s.bootstrapSeed()).setStream(s.stream()))
                .setAttempts(run.attempts).setCreatedAt(ProtoTimestamps.of(run.createdAt));
        if (run.startedAt != null) {
            proto.setStartedAt(ProtoTimestamps.of(run.startedAt));
        }
        if (run.finishedAt != null) {
            proto.setFinishedAt(ProtoTimestamps.of(run.finishedAt));
        }
        RunSummary summary = run.runSummary();
        if (summary != null) {
            summary.metrics().forEach(m -> proto.addMetrics(metric(m)));
            RunSummary.Latency l = summary.latency();
            proto.setLatency(LatencySummary.newBuilder().setRequests(l.requests()).setP50Ms(orZero(l.p50Ms()))
                    .setP95Ms(orZero(l.p95Ms())).setP99Ms(orZero(l.p99Ms())).setMeanMs(orZero(l.meanMs()))
                    .setMaxMs(orZero(l.maxMs())).setPromptTokens(l.promptTokens())
                    .setCompletionTokens(l.completionTokens()).setTokensPerSecond(l.tokensPerSecond())
                    .setFirstTokenP50Ms(orZero(l.firstTokenP50Ms())).setFirstTokenP95Ms(orZero(l.firstTokenP95Ms())));
            proto.setCostUsd(summary.costUsd());
            summary.perClass().forEach(c -> proto.addPerClass(ClassScore.newBuilder().setLabel(c.label())
                    .setPrecision(c.precision()).setRecall(c.recall()).setF1(c.f1()).setSupport(c.support())));
        }
        return proto.build();
    }

    static MetricValue metric(RunSummary.Metric m) {
        MetricValue.Builder value = MetricValue.newBuilder().setName(m.name()).setValue(orZero(m.value()))
                .setHigherIsBetter(m.higherIsBetter());
        if (m.lower() != null) {
            value.setHasInterval(true).setCiLower(m.lower()).setCiUpper(m.upper());
        }
        return value.build();
    }

    static ExampleResult result(Runs.Result r) {
        var e = r.example().example();
        String expected = e.label() != null ? e.label() : e.references().isEmpty() ? "" : e.references().get(0);
        return ExampleResult.newBuilder().setOrdinal(r.example().ordinal()).setLine(e.line()).setInput(e.input())
                .setOutput(r.predicted() != null ? r.predicted() : r.output() == null ? "" : r.output())
                .setExpected(expected).setCorrect(Boolean.TRUE.equals(r.correct())).putAllScores(r.scores())
                .setLatencyMs(r.latencyMs()).setPromptTokens(r.promptTokens()).setCompletionTokens(r.completionTokens())
                .setError(r.error() == null ? "" : r.error()).setCached(r.cached()).build();
    }

    // ---- leaderboards, comparisons ----

    static Leaderboard leaderboard(Leaderboards.Board board) {
        Leaderboard.Builder proto = Leaderboard.newBuilder().setSuite(board.suite().name)
                .setSuiteVersion(board.suite().version).setPrimaryMetric(board.definition().primaryMetric().word);
        int rank = 0;
        for (EvalRun run : board.runs()) {
            RunSummary summary = run.runSummary();
            LeaderboardEntry.Builder entry = LeaderboardEntry.newBuilder().setRank(++rank).setModelId(run.modelId)
                    .setModelName(run.modelName).setModelVersion(run.modelVersion).setAdapter(run.adapter)
                    .setRunId(run.id).setPrimary(metric(summary.metric(run.primaryMetric)))
                    .setP95LatencyMs(orZero(summary.latency().p95Ms()))
                    .setCostUsdPer1KExamples(summary.scored() == 0 ? 0 : summary.costUsd() / summary.scored() * 1000)
                    .setExamples(summary.scored()).setFailed(summary.failed())
                    .setFinishedAt(ProtoTimestamps.of(run.finishedAt));
            summary.metrics().forEach(m -> entry.addMetrics(metric(m)));
            proto.addEntries(entry);
        }
        return proto.build();
    }

    static RunComparison comparison(Leaderboards.Comparison c) {
        RunComparison.Builder proto = RunComparison.newBuilder().setBaselineRunId(c.baseline().id)
                .setSystemRunId(c.system().id).setSuite(c.baseline().suiteName)
                .setSuiteVersion(c.baseline().suiteVersion).setPairedExamples(c.pairedExamples());
        for (RunComparator.MetricComparison m : c.metrics()) {
            proto.addMetrics(MetricComparison.newBuilder().setMetric(m.metric().word).setBaseline(m.baseline())
                    .setSystem(m.system()).setDelta(m.delta()).setSystemCiLower(m.lower()).setSystemCiUpper(m.upper())
                    .setPValue(m.p()).setSignificant(m.p() < 0.05).setHigherIsBetter(m.metric().higherIsBetter));
        }
        return proto.build();
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    static InputDriftReport inputDrift(InputMonitoring.Report report) {
        return InputDriftReport.newBuilder().setDeployment(report.deployment()).setPending((int) report.pending())
                .addAllMeasurements(report.measurements().stream().map(m -> InputDriftMeasurement.newBuilder()
                        .setDeployment(m.deployment).setModelId(m.modelId).setSuite(m.suite)
                        .setSuiteVersion(m.suiteVersion).setEncoder(m.encoder).setInputs(m.inputs)
                        .setReferenceInputs(m.referenceInputs).setCentroidDistance(m.centroidDistance)
                        .setPValue(m.pValue).setOutOfDomainShare(m.outOfDomainShare).setDrifted(m.drifted)
                        .setMeasuredAt(ProtoTimestamps.of(m.measuredAt)).build()).toList())
                .build();
    }
}
