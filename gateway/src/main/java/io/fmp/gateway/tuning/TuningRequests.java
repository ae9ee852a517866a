package io.fmp.gateway.tuning;

import io.fmp.contracts.tuning.v1.DatasetRef;
import io.fmp.contracts.tuning.v1.EarlyStopping;
import io.fmp.contracts.tuning.v1.ExecutorKind;
import io.fmp.contracts.tuning.v1.Hyperparameters;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.LoraSpec;
import io.fmp.contracts.tuning.v1.Resources;
import io.fmp.contracts.tuning.v1.SplitSpec;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningMethod;
import io.fmp.gateway.validation.JsonObjectReader;

import java.util.Map;
import java.util.Set;

/**
 * Reads tuning-job requests (JSON) into the TuningService contract, naming every malformed field at
 * once; the meaning of the values (ranges, the model and dataset, GPU fit) is tuning-service's to check.
 */
final class TuningRequests {

    static final Map<String, TuningMethod> METHODS = Map.of("classifier-head", TuningMethod.CLASSIFIER_HEAD,
            "prompt-tuning", TuningMethod.PROMPT_TUNING, "lora", TuningMethod.LORA, "qlora", TuningMethod.QLORA,
            "full", TuningMethod.FULL);
    static final Map<String, ExecutorKind> EXECUTORS = Map.of("local", ExecutorKind.LOCAL,
            "kubernetes", ExecutorKind.KUBERNETES);
    static final Map<String, JobState> STATES = Map.of("queued", JobState.QUEUED, "running", JobState.RUNNING,
            "registering", JobState.REGISTERING, "succeeded", JobState.SUCCEEDED, "failed", JobState.FAILED,
            "cancelled", JobState.CANCELLED);

    private TuningRequests() {
    }

    /** @param idempotencyKey the Idempotency-Key header, or null */
    static SubmitJobRequest job(String body, String idempotencyKey) {
        JsonObjectReader reader = JsonObjectReader.parse(body, Set.of("baseModelId", "method", "dataset", "splits",
                "hyperparameters", "lora", "earlyStopping", "resources", "executor", "queue", "priority", "evalSuite",
                "outputName"));
        JobSpec.Builder spec = JobSpec.newBuilder();
        String base = reader.requiredString("baseModelId");
        TuningMethod method = reader.present("method") ? reader.optionalEnum("method", METHODS) : null;
        if (!reader.present("method")) {
            reader.reject("method", "is required: " + String.join(", ", new java.util.TreeSet<>(METHODS.keySet())));
        }
        JsonObjectReader dataset = reader.requiredObject("dataset", Set.of("name", "version"));
        if (dataset != null) {
            String name = dataset.requiredString("name");
            Integer version = dataset.optionalInt("version", 0);
            spec.setDataset(DatasetRef.newBuilder().setName(orEmpty(name)).setVersion(orZero(version)));
        }
        JsonObjectReader splits = reader.optionalObject("splits", Set.of("trainSplit", "validationSplit",
                "trainRatio", "validationRatio", "testRatio", "seed"));
        if (splits != null) {
            spec.setSplits(SplitSpec.newBuilder().setTrainSplit(orEmpty(splits.optionalString("trainSplit")))
                    .setValidationSplit(orEmpty(splits.optionalString("validationSplit")))
                    .setTrainRatio(orZero(splits.optionalDouble("trainRatio")))
                    .setValidationRatio(orZero(splits.optionalDouble("validationRatio")))
                    .setTestRatio(orZero(splits.optionalDouble("testRatio")))
                    .setSeed(orZero(splits.optionalLong("seed"))));
        }
        JsonObjectReader h = reader.optionalObject("hyperparameters", Set.of("learningRate", "epochs", "batchSize",
                "gradientAccumulation", "maxSequenceLength", "weightDecay", "hiddenUnits", "l2", "seed"));
        if (h != null) {
            spec.setHyperparameters(Hyperparameters.newBuilder()
                    .setLearningRate(orZero(h.optionalDouble("learningRate")))
                    .setEpochs(orZero(h.optionalInteger("epochs")))
                    .setBatchSize(orZero(h.optionalInteger("batchSize")))
                    .setGradientAccumulation(orZero(h.optionalInteger("gradientAccumulation")))
                    .setMaxSequenceLength(orZero(h.optionalInteger("maxSequenceLength")))
                    .setWeightDecay(orZero(h.optionalDouble("weightDecay")))
                    .setHiddenUnits(orZero(h.optionalInteger("hiddenUnits")))
                    .setL2(orZero(h.optionalDouble("l2")))
                    .setSeed(orZero(h.optionalLong("seed"))));
        }
        JsonObjectReader lora = reader.optionalObject("lora", Set.of("r", "alpha", "dropout", "targetModules",
                "loadIn4bit", "quantType"));
        if (lora != null) {
            spec.setLora(LoraSpec.newBuilder().setR(orZero(lora.optionalInteger("r")))
                    .setAlpha(orZero(lora.optionalInteger("alpha")))
                    .setDropout(orZero(lora.optionalDouble("dropout")))
                    .addAllTargetModules(lora.optionalStringList("targetModules"))
                    .setLoadIn4Bit(lora.optionalBoolean("loadIn4bit"))
                    .setQuantType(orEmpty(lora.optionalString("quantType"))));
        }
        JsonObjectReader early = reader.optionalObject("earlyStopping", Set.of("patience", "metric", "minDelta",
                "refit"));
        if (early != null) {
            // patience 0 means "no early stopping", so a block that leaves it out would silently switch it off
            spec.setEarlyStopping(EarlyStopping.newBuilder().setPatience(orZero(early.requiredInt("patience")))
                    .setMetric(orEmpty(early.optionalString("metric")))
                    .setMinDelta(orZero(early.optionalDouble("minDelta"))));
            Boolean refit = early.booleanIfPresent("refit");
            if (refit != null) {
                spec.getEarlyStoppingBuilder().setRefit(refit);
            }
        }
        JsonObjectReader resources = reader.optionalObject("resources", Set.of("gpuCount", "gpuProduct", "memory",
                "cpu"));
        if (resources != null) {
            spec.setResources(Resources.newBuilder().setGpuCount(orZero(resources.optionalInteger("gpuCount")))
                    .setGpuProduct(orEmpty(resources.optionalString("gpuProduct")))
                    .setMemory(orEmpty(resources.optionalString("memory")))
                    .setCpu(orEmpty(resources.optionalString("cpu"))));
        }
        ExecutorKind executor = reader.optionalEnum("executor", EXECUTORS);
        String queue = reader.optionalString("queue");
        Integer priority = reader.optionalInteger("priority");
        String suite = reader.optionalString("evalSuite");
        String output = reader.optionalString("outputName");
        reader.requireValid();
        spec.setBaseModelId(base).setMethod(method).setQueue(orEmpty(queue)).setPriority(orZero(priority))
                .setEvalSuite(orEmpty(suite)).setOutputName(orEmpty(output));
        if (executor != null) {
            spec.setExecutor(executor);
        }
        SubmitJobRequest.Builder request = SubmitJobRequest.newBuilder().setSpec(spec);
        if (idempotencyKey != null) {
            request.setIdempotencyKey(idempotencyKey);
        }
        return request.build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
