package io.fmp.tuning.jobs;

import java.util.List;

/**
 * A validated tuning job, every default filled in: what is trained from what, on which data, how,
 * where, and what happens with the result. Stored as JSON with the job.
 *
 * @param evalSuite  the suite eval-service runs on the tuned model; null for none
 * @param outputName the tuned model's catalog name
 */
public record JobSpec(Base base, TuningMethod method, DatasetRef dataset, Splits splits,
                      Hyperparameters hyperparameters, Lora lora, EarlyStopping earlyStopping, Resources resources,
                      ExecutorKind executor, String queue, int priority, String evalSuite, String outputName) {

    /**
     * The base model as the catalog described it at submission: what training and registration need.
     *
     * @param encoder    the embedded encoder ({@code embedded:<name>}) a head trains on; null if none
     * @param repository the Hugging Face repository a GPU trainer loads; null if the card names none
     */
    public record Base(String id, String name, String version, String provider, String license, long parameterCount,
                       int contextWindow, String encoder, String repository) {
    }

    /** @param version resolved: never "latest" */
    public record DatasetRef(String name, int version) {
    }

    /**
     * Named splits of the dataset ({@code trainSplit} set), or ratios to split it by, stratified by
     * label and seeded.
     */
    public record Splits(String trainSplit, String validationSplit, double trainRatio, double validationRatio,
                         double testRatio, long seed) {

        public boolean named() {
            return trainSplit != null && !trainSplit.isEmpty();
        }
    }

    /** @param hiddenUnits classifier head: 0 = softmax regression */
    public record Hyperparameters(double learningRate, int epochs, int batchSize, int gradientAccumulation,
                                  int maxSequenceLength, double weightDecay, int hiddenUnits, double l2, long seed) {
    }

    /** null fields of a job that is not LoRA / QLoRA */
    public record Lora(int r, int alpha, double dropout, List<String> targetModules, boolean loadIn4bit,
                       String quantType) {
        public Lora {
            targetModules = targetModules == null ? List.of() : List.copyOf(targetModules);
        }
    }

    /** @param patience 0 = train every epoch */
    /** @param refit train again on train + validation for the chosen epoch count (classifier heads) */
    public record EarlyStopping(int patience, String metric, double minDelta, boolean refit) {

        public boolean lowerIsBetter() {
            return !metric.equals("eval_accuracy");
        }
    }

    public String baseModelId() {
        return base.id();
    }

    /** The same job on other resources (a GPU job once placed). */
    public JobSpec withResources(Resources placed) {
        return new JobSpec(base, method, dataset, splits, hyperparameters, lora, earlyStopping, placed, executor, queue,
                priority, evalSuite, outputName);
    }

    /** @param gpu a catalog GPU profile (whole GPU or MIG slice); null for local jobs */
    public record Resources(int gpuCount, Gpu gpu, String memory, String cpu) {
    }

    /** A GPU profile as the catalog's fit estimate describes it. */
    public record Gpu(String name, double memoryGb, String resource, String product, boolean migSlice,
                      double powerWatts, double usdPerHour) {
    }
}
