package io.fmp.tuning.jobs;

import java.util.List;

/**
 * A job as a client asked for it, before validation: zeros and empty strings mean "the default",
 * nulls "not given".
 */
public record JobRequest(String baseModelId, TuningMethod method, String datasetName, int datasetVersion,
                         SplitRequest splits, HyperparameterRequest hyperparameters, LoraRequest lora,
                         EarlyStoppingRequest earlyStopping, ResourceRequest resources, ExecutorKind executor,
                         String queue, int priority, String evalSuite, String outputName) {

    public record SplitRequest(String trainSplit, String validationSplit, double trainRatio, double validationRatio,
                               double testRatio, long seed) {
    }

    public record HyperparameterRequest(double learningRate, int epochs, int batchSize, int gradientAccumulation,
                                        int maxSequenceLength, double weightDecay, int hiddenUnits, double l2,
                                        long seed) {
    }

    /** @param given false when the request has no LoRA block */
    public record LoraRequest(boolean given, int r, int alpha, double dropout, List<String> targetModules,
                              boolean loadIn4bit, String quantType) {
    }

    /** @param refit null = the method's default */
    public record EarlyStoppingRequest(int patience, String metric, double minDelta, Boolean refit) {
    }

    public record ResourceRequest(int gpuCount, String gpuProduct, String memory, String cpu) {
    }
}
