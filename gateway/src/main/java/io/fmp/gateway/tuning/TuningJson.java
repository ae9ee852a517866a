package io.fmp.gateway.tuning;

import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.tuning.v1.CostEstimate;
import io.fmp.contracts.tuning.v1.JobEstimate;
import io.fmp.contracts.tuning.v1.JobMetrics;
import io.fmp.contracts.tuning.v1.JobProgress;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.gateway.validation.ApiEnums;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The tuning API's JSON shapes, read from the TuningService contract. */
public final class TuningJson {

    private TuningJson() {
    }

    private static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Schema(name = "TuningCost")
    public record CostJson(double gpuHours, double cpuHours, double usd, double kwh, double kgCo2, String basis) {
        static CostJson of(CostEstimate c) {
            return new CostJson(c.getGpuHours(), c.getCpuHours(), c.getUsd(), c.getKwh(), c.getKgCo2(), c.getBasis());
        }
    }

    @Schema(name = "TuningEstimate")
    public record EstimateJson(CostJson cost, long trainExamples, long validationExamples, double gpuMemoryNeededGb,
                               double gpuMemoryAvailableGb, List<String> notes) {
        static EstimateJson of(JobEstimate e) {
            return new EstimateJson(CostJson.of(e.getCost()), e.getTrainExamples(), e.getValidationExamples(),
                    e.getGpuMemoryNeededGb(), e.getGpuMemoryAvailableGb(), e.getNotesList());
        }
    }

    /** @param etaSeconds null while unknown */
    @Schema(name = "TuningProgress")
    public record ProgressJson(String phase, int epoch, int epochs, long step, long steps, Double loss, Double evalLoss,
                               Double evalAccuracy, double percent, Double etaSeconds) {
        static ProgressJson of(JobProgress p) {
            return new ProgressJson(p.getPhase(), p.getEpoch(), p.getEpochs(), p.getStep(), p.getSteps(),
                    p.hasLoss() ? p.getLoss() : null, p.hasEvalLoss() ? p.getEvalLoss() : null,
                    p.hasEvalAccuracy() ? p.getEvalAccuracy() : null, p.getPercent(),
                    p.getEtaSeconds() < 0 ? null : p.getEtaSeconds());
        }
    }

    /** The job as validated: every default filled in, the GPU placed. */
    @Schema(name = "TuningJobSpec")
    public record SpecJson(String baseModelId, ApiEnums.TuningMethod method, TuningRequests.DatasetJson dataset,
                           TuningRequests.SplitsJson splits, TuningRequests.HyperparametersJson hyperparameters,
                           TuningRequests.LoraJson lora, TuningRequests.EarlyStoppingJson earlyStopping,
                           TuningRequests.ResourcesJson resources, ApiEnums.ExecutorKind executor, String queue,
                           int priority, String evalSuite, String outputName) {
        static SpecJson of(JobSpec s) {
            var h = s.getHyperparameters();
            var sp = s.getSplits();
            var l = s.getLora();
            var e = s.getEarlyStopping();
            var r = s.getResources();
            return new SpecJson(s.getBaseModelId(), ApiEnums.fromProto(s.getMethod(), ApiEnums.TuningMethod.class),
                    new TuningRequests.DatasetJson(s.getDataset().getName(), s.getDataset().getVersion()),
                    new TuningRequests.SplitsJson(orNull(sp.getTrainSplit()), orNull(sp.getValidationSplit()),
                            sp.getTrainRatio(), sp.getValidationRatio(), sp.getTestRatio(), sp.getSeed()),
                    new TuningRequests.HyperparametersJson(h.getLearningRate(), h.getEpochs(), h.getBatchSize(),
                            h.getGradientAccumulation(), h.getMaxSequenceLength(), h.getWeightDecay(),
                            h.getHiddenUnits(), h.getL2(), h.getSeed()),
                    s.hasLora() ? new TuningRequests.LoraJson(l.getR(), l.getAlpha(), l.getDropout(),
                            l.getTargetModulesList(), l.getLoadIn4Bit(), l.getQuantType()) : null,
                    new TuningRequests.EarlyStoppingJson(e.getPatience(), ApiEnums.parse(e.getMetric(),
                            ApiEnums.StoppingMetric.class), e.getMinDelta(), e.getRefit()),
                    new TuningRequests.ResourcesJson(r.getGpuCount(), orNull(r.getGpuProduct()),
                            orNull(r.getMemory()), orNull(r.getCpu())),
                    ApiEnums.fromProto(s.getExecutor(), ApiEnums.ExecutorKind.class), orNull(s.getQueue()),
                    s.getPriority(), orNull(s.getEvalSuite()), s.getOutputName());
        }
    }

    @Schema(name = "TuningJob")
    public record JobJson(String id, @Schema(description = "The project it belongs to; \"shared\" is everybody's", example = "team-a") String project, ApiEnums.JobState state, SpecJson spec, ProgressJson progress, CostJson estimate,
                          CostJson actual, String error, String resultModelId, String artifactUri, String datasetSha256,
                          int attempts, Map<String, Double> finalMetrics, String kubernetesJob, Instant createdAt,
                          Instant startedAt, Instant finishedAt) {
        static JobJson of(TuningJob j) {
            return new JobJson(j.getId(), j.getProject(), ApiEnums.fromProto(j.getState(), ApiEnums.JobState.class),
                    SpecJson.of(j.getSpec()),
                    ProgressJson.of(j.getProgress()), CostJson.of(j.getEstimate()),
                    j.hasActual() ? CostJson.of(j.getActual()) : null, orNull(j.getError()),
                    orNull(j.getResultModelId()), orNull(j.getArtifactUri()), orNull(j.getDatasetSha256()),
                    j.getAttempts(), new java.util.TreeMap<>(j.getFinalMetricsMap()), orNull(j.getKubernetesJob()),
                    ProtoTimestamps.toInstant(j.getCreatedAt()),
                    j.hasStartedAt() ? ProtoTimestamps.toInstant(j.getStartedAt()) : null,
                    j.hasFinishedAt() ? ProtoTimestamps.toInstant(j.getFinishedAt()) : null);
        }
    }

    @Schema(name = "TuningJobList")
    public record JobList(List<JobJson> jobs) {
    }

    @Schema(name = "MetricPoint")
    public record PointJson(long step, double epoch, double value) {
    }

    @Schema(name = "MetricSeries")
    public record SeriesJson(String name, List<PointJson> points) {
    }

    /** Loss curves and the other series, by step. */
    @Schema(name = "TuningMetrics")
    public record MetricsJson(String jobId, List<SeriesJson> series) {
        static MetricsJson of(JobMetrics m) {
            return new MetricsJson(m.getJobId(), m.getSeriesList().stream().map(s -> new SeriesJson(s.getName(),
                    s.getPointsList().stream().map(p -> new PointJson(p.getStep(), p.getEpoch(), p.getValue()))
                            .toList())).toList());
        }
    }
}
