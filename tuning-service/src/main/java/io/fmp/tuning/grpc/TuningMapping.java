package io.fmp.tuning.grpc;

import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.tuning.v1.CostEstimate;
import io.fmp.contracts.tuning.v1.DatasetRef;
import io.fmp.contracts.tuning.v1.EarlyStopping;
import io.fmp.contracts.tuning.v1.Hyperparameters;
import io.fmp.contracts.tuning.v1.JobEstimate;
import io.fmp.contracts.tuning.v1.JobProgress;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.LoraSpec;
import io.fmp.contracts.tuning.v1.MetricPoint;
import io.fmp.contracts.tuning.v1.MetricSeries;
import io.fmp.contracts.tuning.v1.Resources;
import io.fmp.contracts.tuning.v1.SplitSpec;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.fmp.tuning.jobs.ExecutorKind;
import io.fmp.tuning.jobs.JobLedger;
import io.fmp.tuning.jobs.JobRequest;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.TuningJob;
import io.fmp.tuning.jobs.TuningJobs;
import io.fmp.tuning.jobs.TuningMethod;

import java.util.List;
import java.util.Map;

/** Maps between the TuningService messages and the domain. */
final class TuningMapping {

    private TuningMapping() {
    }

    static JobRequest request(SubmitJobRequest message) {
        io.fmp.contracts.tuning.v1.JobSpec s = message.getSpec();
        SplitSpec sp = s.getSplits();
        Hyperparameters h = s.getHyperparameters();
        LoraSpec l = s.getLora();
        EarlyStopping e = s.getEarlyStopping();
        Resources r = s.getResources();
        return new JobRequest(s.getBaseModelId(), method(s.getMethod()), s.getDataset().getName(),
                s.getDataset().getVersion(),
                new JobRequest.SplitRequest(sp.getTrainSplit(), sp.getValidationSplit(), sp.getTrainRatio(),
                        sp.getValidationRatio(), sp.getTestRatio(), sp.getSeed()),
                new JobRequest.HyperparameterRequest(h.getLearningRate(), h.getEpochs(), h.getBatchSize(),
                        h.getGradientAccumulation(), h.getMaxSequenceLength(), h.getWeightDecay(), h.getHiddenUnits(),
                        h.getL2(), h.getSeed()),
                new JobRequest.LoraRequest(s.hasLora(), l.getR(), l.getAlpha(), l.getDropout(), l.getTargetModulesList(),
                        l.getLoadIn4Bit(), l.getQuantType()),
                s.hasEarlyStopping() ? new JobRequest.EarlyStoppingRequest(e.getPatience(), e.getMetric(),
                        e.getMinDelta(), e.hasRefit() ? e.getRefit() : null) : null,
                new JobRequest.ResourceRequest(r.getGpuCount(), r.getGpuProduct(), r.getMemory(), r.getCpu()),
                executor(s.getExecutor()), s.getQueue(), s.getPriority(), s.getEvalSuite(), s.getOutputName());
    }

    private static TuningMethod method(io.fmp.contracts.tuning.v1.TuningMethod method) {
        return switch (method) {
            case CLASSIFIER_HEAD -> TuningMethod.CLASSIFIER_HEAD;
            case PROMPT_TUNING -> TuningMethod.PROMPT_TUNING;
            case LORA -> TuningMethod.LORA;
            case QLORA -> TuningMethod.QLORA;
            case FULL -> TuningMethod.FULL;
            default -> null;
        };
    }

    private static ExecutorKind executor(io.fmp.contracts.tuning.v1.ExecutorKind kind) {
        return switch (kind) {
            case LOCAL -> ExecutorKind.LOCAL;
            case KUBERNETES -> ExecutorKind.KUBERNETES;
            default -> null;
        };
    }

    static JobState state(TuningJob.State state) {
        return JobState.valueOf(state.name());
    }

    static TuningJob.State state(JobState state) {
        return state == JobState.JOB_STATE_UNSPECIFIED || state == JobState.UNRECOGNIZED ? null
                : TuningJob.State.valueOf(state.name());
    }

    static io.fmp.contracts.tuning.v1.JobSpec spec(JobSpec spec) {
        JobSpec.Hyperparameters h = spec.hyperparameters();
        io.fmp.contracts.tuning.v1.JobSpec.Builder b = io.fmp.contracts.tuning.v1.JobSpec.newBuilder()
                .setBaseModelId(spec.baseModelId())
                .setMethod(io.fmp.contracts.tuning.v1.TuningMethod.valueOf(spec.method().name()))
                .setDataset(DatasetRef.newBuilder().setName(spec.dataset().name()).setVersion(spec.dataset().version()))
                .setSplits(SplitSpec.newBuilder().setTrainSplit(spec.splits().trainSplit())
                        .setValidationSplit(spec.splits().validationSplit()).setTrainRatio(spec.splits().trainRatio())
                        .setValidationRatio(spec.splits().validationRatio()).setTestRatio(spec.splits().testRatio())
                        .setSeed(spec.splits().seed()))
                .setHyperparameters(Hyperparameters.newBuilder().setLearningRate(h.learningRate()).setEpochs(h.epochs())
                        .setBatchSize(h.batchSize()).setGradientAccumulation(h.gradientAccumulation())
                        .setMaxSequenceLength(h.maxSequenceLength()).setWeightDecay(h.weightDecay())
                        .setHiddenUnits(h.hiddenUnits()).setL2(h.l2()).setSeed(h.seed()))
                .setEarlyStopping(EarlyStopping.newBuilder().setPatience(spec.earlyStopping().patience())
                        .setMetric(spec.earlyStopping().metric()).setMinDelta(spec.earlyStopping().minDelta())
                        .setRefit(spec.earlyStopping().refit()))
                .setExecutor(io.fmp.contracts.tuning.v1.ExecutorKind.valueOf(spec.executor().name()))
                .setPriority(spec.priority())
                .setOutputName(spec.outputName());
        if (spec.lora() != null) {
            b.setLora(LoraSpec.newBuilder().setR(spec.lora().r()).setAlpha(spec.lora().alpha())
                    .setDropout(spec.lora().dropout()).addAllTargetModules(spec.lora().targetModules())
                    .setLoadIn4Bit(spec.lora().loadIn4bit()).setQuantType(spec.lora().quantType()));
        }
        JobSpec.Resources r = spec.resources();
        Resources.Builder resources = Resources.newBuilder().setGpuCount(r.gpuCount());
        if (r.gpu() != null) {
            resources.setGpuProduct(r.gpu().name());
        }
        if (r.memory() != null) {
            resources.setMemory(r.memory());
        }
        if (r.cpu() != null) {
            resources.setCpu(r.cpu());
        }
        b.setResources(resources);
        if (spec.queue() != null) {
            b.setQueue(spec.queue());
        }
        if (spec.evalSuite() != null) {
            b.setEvalSuite(spec.evalSuite());
        }
        return b.build();
    }

    static CostEstimate cost(TuningCostEstimator.Estimate e) {
        return CostEstimate.newBuilder().setGpuHours(e.gpuHours()).setCpuHours(e.cpuHours()).setUsd(e.usd())
                .setKwh(e.kwh()).setKgCo2(e.kgCo2()).setBasis(e.basis()).build();
    }

    static JobEstimate estimate(TuningJobs.Plan plan) {
        return JobEstimate.newBuilder().setCost(cost(plan.cost())).setTrainExamples(plan.trainExamples())
                .setValidationExamples(plan.validationExamples()).setGpuMemoryNeededGb(plan.gpuNeededGb())
                .setGpuMemoryAvailableGb(plan.gpuAvailableGb()).addAllNotes(plan.notes()).build();
    }

    static io.fmp.contracts.tuning.v1.TuningJob job(TuningJob job) {
        JobProgress.Builder progress = JobProgress.newBuilder().setPhase(job.phase).setEpoch(job.epoch)
                .setEpochs(job.epochs).setStep(job.step).setSteps(job.steps).setPercent(job.percent)
                .setEtaSeconds(job.etaSeconds == null ? -1 : job.etaSeconds);
        if (job.loss != null) {
            progress.setLoss(job.loss);
        }
        if (job.evalLoss != null) {
            progress.setEvalLoss(job.evalLoss);
        }
        if (job.evalAccuracy != null) {
            progress.setEvalAccuracy(job.evalAccuracy);
        }
        io.fmp.contracts.tuning.v1.TuningJob.Builder b = io.fmp.contracts.tuning.v1.TuningJob.newBuilder()
                .setId(job.id).setProject(job.project).setSpec(spec(job.jobSpec())).setState(state(job.state)).setProgress(progress)
                .setEstimate(cost(job.estimated())).setAttempts(job.attempts).putAllFinalMetrics(job.metrics())
                .setCreatedAt(ProtoTimestamps.of(job.createdAt));
        if (job.recorded() != null) {
            b.setActual(cost(job.recorded()));
        }
        if (job.error != null) {
            b.setError(job.error);
        }
        if (job.resultModelId != null) {
            b.setResultModelId(job.resultModelId);
        }
        if (job.artifactUri != null) {
            b.setArtifactUri(job.artifactUri);
        }
        if (job.datasetSha256 != null) {
            b.setDatasetSha256(job.datasetSha256);
        }
        if (job.kubernetesJob != null) {
            b.setKubernetesJob(job.kubernetesJob);
        }
        if (job.startedAt != null) {
            b.setStartedAt(ProtoTimestamps.of(job.startedAt));
        }
        if (job.finishedAt != null) {
            b.setFinishedAt(ProtoTimestamps.of(job.finishedAt));
        }
        return b.build();
    }

    static List<MetricSeries> series(Map<String, List<JobLedger.Point>> series) {
        return series.entrySet().stream().map(e -> MetricSeries.newBuilder().setName(e.getKey())
                .addAllPoints(e.getValue().stream().map(p -> MetricPoint.newBuilder().setStep(p.step())
                        .setEpoch(p.epoch()).setValue(p.value()).build()).toList()).build()).toList();
    }
}
