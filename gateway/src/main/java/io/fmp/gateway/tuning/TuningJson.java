package io.fmp.gateway.tuning;

import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.tuning.v1.CostEstimate;
import io.fmp.contracts.tuning.v1.JobEstimate;
import io.fmp.contracts.tuning.v1.JobMetrics;
import io.fmp.contracts.tuning.v1.JobProgress;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.gateway.validation.ApiWords;

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

    public record CostJson(double gpuHours, double cpuHours, double usd, double kwh, double kgCo2, String basis) {
        static CostJson of(CostEstimate c) {
            return new CostJson(c.getGpuHours(), c.getCpuHours(), c.getUsd(), c.getKwh(), c.getKgCo2(), c.getBasis());
        }
    }

    public record EstimateJson(CostJson cost, long trainExamples, long validationExamples, double gpuMemoryNeededGb,
                               double gpuMemoryAvailableGb, List<String> notes) {
        static EstimateJson of(JobEstimate e) {
            return new EstimateJson(CostJson.of(e.getCost()), e.getTrainExamples(), e.getValidationExamples(),
                    e.getGpuMemoryNeededGb(), e.getGpuMemoryAvailableGb(), e.getNotesList());
        }
    }

    /** @param etaSeconds null while unknown */
    public record ProgressJson(String phase, int epoch, int epochs, long step, long steps, Double loss, Double evalLoss,
                               Double evalAccuracy, double percent, Double etaSeconds) {
        static ProgressJson of(JobProgress p) {
            return new ProgressJson(p.getPhase(), p.getEpoch(), p.getEpochs(), p.getStep(), p.getSteps(),
                    p.hasLoss() ? p.getLoss() : null, p.hasEvalLoss() ? p.getEvalLoss() : null,
                    p.hasEvalAccuracy() ? p.getEvalAccuracy() : null, p.getPercent(),
                    p.getEtaSeconds() < 0 ? null : p.getEtaSeconds());
        }
    }

    public record DatasetJson(String name, int version) {
    }

    public record SplitsJson(String trainSplit, String validationSplit, double trainRatio, double validationRatio,
                             double testRatio, long seed) {
    }

    public record HyperparametersJson(double learningRate, int epochs, int batchSize, int gradientAccumulation,
                                      int maxSequenceLength, double weightDecay, int hiddenUnits, double l2, long seed) {
    }

    public record LoraJson(int r, int alpha, double dropout, List<String> targetModules, boolean loadIn4bit,
                           String quantType) {
    }

    public record EarlyStoppingJson(int patience, String metric, double minDelta, boolean refit) {
    }

    public record ResourcesJson(int gpuCount, String gpuProduct, String memory, String cpu) {
    }

    /** The job as validated: every default filled in, the GPU placed. */
    public record SpecJson(String baseModelId, String method, DatasetJson dataset, SplitsJson splits,
                           HyperparametersJson hyperparameters, LoraJson lora, EarlyStoppingJson earlyStopping,
                           ResourcesJson resources, String executor, String queue, int priority, String evalSuite,
                           String outputName) {
        static SpecJson of(JobSpec s) {
            var h = s.getHyperparameters();
            var sp = s.getSplits();
            var l = s.getLora();
            var e = s.getEarlyStopping();
            var r = s.getResources();
            return new SpecJson(s.getBaseModelId(), ApiWords.word(s.getMethod().name()),
                    new DatasetJson(s.getDataset().getName(), s.getDataset().getVersion()),
                    new SplitsJson(orNull(sp.getTrainSplit()), orNull(sp.getValidationSplit()), sp.getTrainRatio(),
                            sp.getValidationRatio(), sp.getTestRatio(), sp.getSeed()),
                    new HyperparametersJson(h.getLearningRate(), h.getEpochs(), h.getBatchSize(),
                            h.getGradientAccumulation(), h.getMaxSequenceLength(), h.getWeightDecay(),
                            h.getHiddenUnits(), h.getL2(), h.getSeed()),
                    s.hasLora() ? new LoraJson(l.getR(), l.getAlpha(), l.getDropout(), l.getTargetModulesList(),
                            l.getLoadIn4Bit(), l.getQuantType()) : null,
                    new EarlyStoppingJson(e.getPatience(), e.getMetric(), e.getMinDelta(), e.getRefit()),
                    new ResourcesJson(r.getGpuCount(), orNull(r.getGpuProduct()), orNull(r.getMemory()),
                            orNull(r.getCpu())),
                    ApiWords.word(s.getExecutor().name()), orNull(s.getQueue()), s.getPriority(),
                    orNull(s.getEvalSuite()), s.getOutputName());
        }
    }

    public record JobJson(String id, String state, SpecJson spec, ProgressJson progress, CostJson estimate,
                          CostJson actual, String error, String resultModelId, String artifactUri, String datasetSha256,
                          int attempts, Map<String, Double> finalMetrics, String kubernetesJob, Instant createdAt,
                          Instant startedAt, Instant finishedAt) {
        static JobJson of(TuningJob j) {
            return new JobJson(j.getId(), ApiWords.word(j.getState().name()), SpecJson.of(j.getSpec()),
                    ProgressJson.of(j.getProgress()), CostJson.of(j.getEstimate()),
                    j.hasActual() ? CostJson.of(j.getActual()) : null, orNull(j.getError()),
                    orNull(j.getResultModelId()), orNull(j.getArtifactUri()), orNull(j.getDatasetSha256()),
                    j.getAttempts(), new java.util.TreeMap<>(j.getFinalMetricsMap()), orNull(j.getKubernetesJob()),
                    ProtoTimestamps.toInstant(j.getCreatedAt()),
                    j.hasStartedAt() ? ProtoTimestamps.toInstant(j.getStartedAt()) : null,
                    j.hasFinishedAt() ? ProtoTimestamps.toInstant(j.getFinishedAt()) : null);
        }
    }

    public record JobList(List<JobJson> jobs) {
    }

    public record PointJson(long step, double epoch, double value) {
    }

    public record SeriesJson(String name, List<PointJson> points) {
    }

    /** Loss curves and the other series, by step. */
    public record MetricsJson(String jobId, List<SeriesJson> series) {
        static MetricsJson of(JobMetrics m) {
            return new MetricsJson(m.getJobId(), m.getSeriesList().stream().map(s -> new SeriesJson(s.getName(),
                    s.getPointsList().stream().map(p -> new PointJson(p.getStep(), p.getEpoch(), p.getValue()))
                            .toList())).toList());
        }
    }
}
