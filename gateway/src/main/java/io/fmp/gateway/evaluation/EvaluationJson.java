package io.fmp.gateway.evaluation;

import io.fmp.contracts.eval.v1.ClassScore;
import io.fmp.contracts.eval.v1.Dataset;
import io.fmp.contracts.eval.v1.ExampleResult;
import io.fmp.contracts.eval.v1.LatencySummary;
import io.fmp.contracts.eval.v1.Leaderboard;
import io.fmp.contracts.eval.v1.LeaderboardEntry;
import io.fmp.contracts.eval.v1.MetricComparison;
import io.fmp.contracts.eval.v1.MetricValue;
import io.fmp.contracts.eval.v1.RunComparison;
import io.fmp.contracts.eval.v1.RunProgress;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.gateway.validation.ApiEnums;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The evaluation resources as the REST API shows them (enum values as lower-case words, no proto quirks). */
public final class EvaluationJson {

    private EvaluationJson() {
    }

    private static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    // ---- datasets ----

    @Schema(name = "DatasetSplit")
    public record Split(String name, long examples) {
    }

    /** @param labels sorted, at most 1,000 listed; labelCount counts them all */
    @Schema(name = "Dataset")
    public record DatasetJson(String id, @Schema(description = "The project it belongs to; \"shared\" is everybody's", example = "team-a") String project, String name, int version, ApiEnums.DatasetFormat format, String description,
                              @Schema(pattern = "^[0-9a-f]{64}$") String sha256,
                              long bytes, long examples, List<Split> splits, List<String> labels, int labelCount,
                              long withReferences, long withChoices, Instant createdAt) {

        static DatasetJson of(Dataset d) {
            return new DatasetJson(d.getId(), d.getProject(), d.getName(), d.getVersion(),
                    ApiEnums.fromProto(d.getFormat(), ApiEnums.DatasetFormat.class),
                    orNull(d.getDescription()), d.getSha256(), d.getBytes(), d.getExamples(),
                    d.getSplitsList().stream().map(s -> new Split(s.getName(), s.getExamples())).toList(),
                    d.getLabelsList(), d.getLabelCount(), d.getWithReferences(), d.getWithChoices(),
                    ProtoTimestamps.toInstant(d.getCreatedAt()));
        }
    }

    /** @param line where the row starts in the uploaded file */
    @Schema(name = "DatasetExample")
    public record ExampleJson(int ordinal, long line, String split, String input, List<String> references, String label,
                              List<String> choices, Map<String, String> metadata) {

        static ExampleJson of(io.fmp.contracts.eval.v1.Example e) {
            return new ExampleJson(e.getOrdinal(), e.getLine(), e.getSplit(), e.getInput(), e.getReferencesList(),
                    orNull(e.getLabel()), e.getChoicesList(), e.getMetadataMap());
        }
    }

    @Schema(name = "DatasetExamplePage")
    public record ExamplePage(DatasetJson dataset, List<ExampleJson> examples, long total, int offset, int limit) {
    }

    // ---- suites ----

    @Schema(name = "Suite")
    public record SuiteJson(String id, @Schema(description = "The project it belongs to; \"shared\" is everybody's", example = "team-a") String project, String name, int version, String description, String dataset,
                            int datasetVersion, String split, ApiEnums.TaskType taskType, String promptTemplate,
                            List<String> metrics, String primaryMetric, EvaluationRequests.DecodingJson decoding,
                            EvaluationRequests.FewShotJson fewShot, Map<String, String> labelDescriptions,
                            long examples, Instant createdAt) {

        static SuiteJson of(io.fmp.contracts.eval.v1.Suite suite) {
            SuiteSpec s = suite.getSpec();
            return new SuiteJson(suite.getId(), suite.getProject(), s.getName(), suite.getVersion(), orNull(s.getDescription()),
                    s.getDataset(), s.getDatasetVersion(), s.getSplit(),
                    ApiEnums.fromProto(s.getTaskType(), ApiEnums.TaskType.class), s.getPromptTemplate(),
                    s.getMetricsList(), s.getPrimaryMetric(),
                    new EvaluationRequests.DecodingJson(s.getDecoding().getTemperature(),
                            s.getDecoding().getMaxTokens(), s.getDecoding().getTopP(), s.getDecoding().getStopList(),
                            s.getDecoding().getLogprobs()),
                    s.getFewShot().getCount() == 0 ? null : new EvaluationRequests.FewShotJson(s.getFewShot().getCount(),
                            s.getFewShot().getSplit(), s.getFewShot().getSeed()),
                    s.getLabelDescriptionsMap(), suite.getExamples(), ProtoTimestamps.toInstant(suite.getCreatedAt()));
        }
    }

    // ---- runs ----

    /** @param etaSeconds null while unknown */
    @Schema(name = "RunProgress")
    public record ProgressJson(long done, long total, long failed, long cached, double percent,
                               double examplesPerSecond, Double etaSeconds) {

        static ProgressJson of(RunProgress p) {
            return new ProgressJson(p.getDone(), p.getTotal(), p.getFailed(), p.getCached(), p.getPercent(),
                    p.getExamplesPerSecond(), p.getEtaSeconds() < 0 ? null : p.getEtaSeconds());
        }
    }

    /** @param ciLower null when the metric has no interval */
    @Schema(name = "MetricValue")
    public record MetricJson(String name, double value, Double ciLower, Double ciUpper, boolean higherIsBetter) {

        static MetricJson of(MetricValue m) {
            return new MetricJson(m.getName(), m.getValue(), m.getHasInterval() ? m.getCiLower() : null,
                    m.getHasInterval() ? m.getCiUpper() : null, m.getHigherIsBetter());
        }
    }

    @Schema(name = "LatencySummary")
    public record LatencyJson(long requests, double p50Ms, double p95Ms, double p99Ms, double meanMs, double maxMs,
                              long promptTokens, long completionTokens, double tokensPerSecond,
                              Double firstTokenP50Ms, Double firstTokenP95Ms) {

        static LatencyJson of(LatencySummary l) {
            boolean streamed = l.getFirstTokenP50Ms() > 0;
            return new LatencyJson(l.getRequests(), l.getP50Ms(), l.getP95Ms(), l.getP99Ms(), l.getMeanMs(),
                    l.getMaxMs(), l.getPromptTokens(), l.getCompletionTokens(), l.getTokensPerSecond(),
                    streamed ? l.getFirstTokenP50Ms() : null, streamed ? l.getFirstTokenP95Ms() : null);
        }
    }

    @Schema(name = "ClassScore")
    public record ClassScoreJson(String label, double precision, double recall, double f1, long support) {

        static ClassScoreJson of(ClassScore c) {
            return new ClassScoreJson(c.getLabel(), c.getPrecision(), c.getRecall(), c.getF1(), c.getSupport());
        }
    }

    /**
     * @param state   queued, running, succeeded, failed or cancelled
     * @param adapter openai-chat, openai-completions, embedded-encoder or embedded-encoder+head
     * @param metrics empty until the run succeeded
     */
    @Schema(name = "Run")
    public record RunJson(String id, @Schema(description = "The project it belongs to; \"shared\" is everybody's", example = "team-a") String project, String suite, int suiteVersion, String modelId, String modelName,
                          String modelVersion, @Schema(example = "openai-chat") String adapter, ApiEnums.RunState state,
                          ProgressJson progress, String primaryMetric, List<MetricJson> metrics, LatencyJson latency,
                          Double costUsd, List<ClassScoreJson> perClass, String error,
                          EvaluationRequests.SettingsJson settings, int attempts, Instant createdAt,
                          Instant startedAt, Instant finishedAt) {

        static RunJson of(io.fmp.contracts.eval.v1.Run r) {
            var s = r.getSettings();
            boolean finished = r.hasLatency();
            return new RunJson(r.getId(), r.getProject(), r.getSuite(), r.getSuiteVersion(), r.getModelId(), r.getModelName(),
                    r.getModelVersion(), r.getAdapter(), ApiEnums.fromProto(r.getState(), ApiEnums.RunState.class),
                    ProgressJson.of(r.getProgress()), r.getPrimaryMetric(),
                    r.getMetricsList().stream().map(MetricJson::of).toList(),
                    finished ? LatencyJson.of(r.getLatency()) : null, finished ? r.getCostUsd() : null,
                    r.getPerClassList().stream().map(ClassScoreJson::of).toList(), orNull(r.getError()),
                    new EvaluationRequests.SettingsJson(s.getConcurrency(), s.getTimeoutMs(), s.getMaxRetries(),
                            s.getRequestsPerSecond(),
                            s.getTokensPerMinute(), s.getBatchSize(), s.getMaxErrorRate(), s.getBootstrapResamples(),
                            s.getBootstrapSeed(), s.getStream()), r.getAttempts(),
                    ProtoTimestamps.toInstant(r.getCreatedAt()),
                    r.hasStartedAt() ? ProtoTimestamps.toInstant(r.getStartedAt()) : null,
                    r.hasFinishedAt() ? ProtoTimestamps.toInstant(r.getFinishedAt()) : null);
        }
    }

    @Schema(name = "RunList")
    public record RunList(List<RunJson> runs) {
    }

    /** @param output the model's answer (the label read from it, for classification) */
    @Schema(name = "ExampleResult")
    public record ResultJson(int ordinal, long line, String input, String output, String expected, boolean correct,
                             Map<String, Double> scores, double latencyMs, long promptTokens, long completionTokens,
                             String error, boolean cached) {

        static ResultJson of(ExampleResult r) {
            return new ResultJson(r.getOrdinal(), r.getLine(), r.getInput(), orNull(r.getOutput()), r.getExpected(),
                    r.getCorrect(), r.getScoresMap(), r.getLatencyMs(), r.getPromptTokens(), r.getCompletionTokens(),
                    orNull(r.getError()), r.getCached());
        }
    }

    @Schema(name = "ExampleResultPage")
    public record ResultPage(List<ResultJson> results, long total, int offset, int limit) {
    }

    // ---- leaderboards and comparisons ----

    @Schema(name = "LeaderboardEntry")
    public record EntryJson(int rank, String modelId, String modelName, String modelVersion, String adapter,
                            String runId, MetricJson primary, List<MetricJson> metrics, double p95LatencyMs,
                            double costUsdPer1kExamples, long examples, long failed, Instant finishedAt) {

        static EntryJson of(LeaderboardEntry e) {
            return new EntryJson(e.getRank(), e.getModelId(), e.getModelName(), e.getModelVersion(), e.getAdapter(),
                    e.getRunId(), MetricJson.of(e.getPrimary()), e.getMetricsList().stream().map(MetricJson::of).toList(),
                    e.getP95LatencyMs(), e.getCostUsdPer1KExamples(), e.getExamples(), e.getFailed(),
                    ProtoTimestamps.toInstant(e.getFinishedAt()));
        }
    }

    @Schema(name = "Leaderboard")
    public record LeaderboardJson(String suite, int suiteVersion, String primaryMetric, List<EntryJson> entries) {

        static LeaderboardJson of(Leaderboard board) {
            return new LeaderboardJson(board.getSuite(), board.getSuiteVersion(), board.getPrimaryMetric(),
                    board.getEntriesList().stream().map(EntryJson::of).toList());
        }
    }

    /** @param pValue paired bootstrap (sacreBLEU's paired-bs); significant when below 0.05 */
    @Schema(name = "MetricComparison")
    public record MetricComparisonJson(String metric, double baseline, double system, double delta,
                                       double systemCiLower, double systemCiUpper, double pValue, boolean significant,
                                       boolean higherIsBetter) {

        static MetricComparisonJson of(MetricComparison m) {
            return new MetricComparisonJson(m.getMetric(), m.getBaseline(), m.getSystem(), m.getDelta(),
                    m.getSystemCiLower(), m.getSystemCiUpper(), m.getPValue(), m.getSignificant(), m.getHigherIsBetter());
        }
    }

    @Schema(name = "RunComparison")
    public record ComparisonJson(String baselineRunId, String systemRunId, String suite, int suiteVersion,
                                 long pairedExamples, List<MetricComparisonJson> metrics) {

        static ComparisonJson of(RunComparison c) {
            return new ComparisonJson(c.getBaselineRunId(), c.getSystemRunId(), c.getSuite(), c.getSuiteVersion(),
                    c.getPairedExamples(), c.getMetricsList().stream().map(MetricComparisonJson::of).toList());
        }
    }
}
