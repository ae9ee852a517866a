package io.fmp.gateway.tuning;

import io.fmp.contracts.tuning.v1.DatasetRef;
import io.fmp.contracts.tuning.v1.EarlyStopping;
import io.fmp.contracts.tuning.v1.Hyperparameters;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.LoraSpec;
import io.fmp.contracts.tuning.v1.Resources;
import io.fmp.contracts.tuning.v1.SplitSpec;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.JsonBinder;
import io.fmp.gateway.validation.JsonRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A tuning job as requests send it (and responses show it, every default filled in). The gateway names
 * every malformed field at once; the meaning of the values (ranges, the model and dataset, GPU fit) is
 * tuning-service's to check, and absent values are its defaults.
 */
final class TuningRequests {

    private TuningRequests() {
    }

    /** @param idempotencyKey the Idempotency-Key header, or null */
    static SubmitJobRequest job(String body, String idempotencyKey) {
        return JsonBinder.bind(body, JobRequest.class).proto(idempotencyKey);
    }

    /** @param version the latest when absent or 0 */
    @Schema(name = "TuningDataset")
    public record DatasetJson(@Schema(required = true, example = "banking77") String name, Integer version) {
    }

    /** The dataset's own splits by name, or ratios of a seeded stratified split. */
    @Schema(name = "TuningSplits")
    public record SplitsJson(String trainSplit, String validationSplit, Double trainRatio, Double validationRatio,
                             Double testRatio, Long seed) {
    }

    @Schema(name = "TuningHyperparameters")
    public record HyperparametersJson(Double learningRate, Integer epochs, Integer batchSize,
                                      Integer gradientAccumulation, Integer maxSequenceLength, Double weightDecay,
                                      @Schema(description = "Classifier head: units of one hidden layer, 0 = softmax "
                                              + "regression") Integer hiddenUnits,
                                      Double l2, Long seed) {
    }

    @Schema(name = "LoraSettings")
    public record LoraJson(Integer r, Integer alpha, Double dropout,
                           @Schema(example = "[\"q_proj\", \"v_proj\"]") List<String> targetModules,
                           boolean loadIn4bit, @Schema(example = "nf4") String quantType) {
    }

    /** @param patience required when the block is sent: leaving it out would silently switch stopping off */
    @Schema(name = "EarlyStopping")
    public record EarlyStoppingJson(@Schema(required = true, description = "0 = train every epoch") int patience,
                                    ApiEnums.StoppingMetric metric, Double minDelta,
                                    @Schema(description = "Classifier heads: train again on train + validation for "
                                            + "the chosen epoch count (default for heads)") Boolean refit) {
    }

    @Schema(name = "TuningResources")
    public record ResourcesJson(Integer gpuCount,
                                @Schema(description = "A catalog GPU profile or MIG slice", example = "H100-MIG-3g.40gb")
                                String gpuProduct,
                                @Schema(example = "64Gi") String memory, @Schema(example = "8") String cpu) {
    }

    @Schema(name = "TuningJobRequest", description = "A tuning job: base model, method, dataset and how to train")
    public record JobRequest(
            @Schema(required = true, description = "A catalog model id") String baseModelId,
            @Schema(required = true) ApiEnums.TuningMethod method,
            @Schema(required = true) DatasetJson dataset,
            SplitsJson splits,
            HyperparametersJson hyperparameters,
            LoraJson lora,
            EarlyStoppingJson earlyStopping,
            ResourcesJson resources,
            @Schema(description = "local for classifier heads, kubernetes for GPU methods when absent")
            ApiEnums.ExecutorKind executor,
            @Schema(description = "Kueue local queue", example = "team-a") String queue,
            @Schema(description = "Higher runs first among queued jobs") Integer priority,
            @Schema(description = "The suite eval-service runs on the tuned model", example = "banking77-intent")
            String evalSuite,
            @Schema(description = "Name of the tuned model in the catalog") String outputName) implements JsonRequest {

        SubmitJobRequest proto(String idempotencyKey) {
            JobSpec.Builder spec = JobSpec.newBuilder().setBaseModelId(baseModelId)
                    .setMethod(ApiEnums.toProto(method, io.fmp.contracts.tuning.v1.TuningMethod.class))
                    .setDataset(DatasetRef.newBuilder().setName(dataset.name()).setVersion(orZero(dataset.version())))
                    .setQueue(orEmpty(queue)).setPriority(orZero(priority)).setEvalSuite(orEmpty(evalSuite))
                    .setOutputName(orEmpty(outputName));
            if (splits != null) {
                spec.setSplits(SplitSpec.newBuilder().setTrainSplit(orEmpty(splits.trainSplit()))
                        .setValidationSplit(orEmpty(splits.validationSplit())).setTrainRatio(orZero(splits.trainRatio()))
                        .setValidationRatio(orZero(splits.validationRatio())).setTestRatio(orZero(splits.testRatio()))
                        .setSeed(orZero(splits.seed())));
            }
            if (hyperparameters != null) {
                HyperparametersJson h = hyperparameters;
                spec.setHyperparameters(Hyperparameters.newBuilder().setLearningRate(orZero(h.learningRate()))
                        .setEpochs(orZero(h.epochs())).setBatchSize(orZero(h.batchSize()))
                        .setGradientAccumulation(orZero(h.gradientAccumulation()))
                        .setMaxSequenceLength(orZero(h.maxSequenceLength())).setWeightDecay(orZero(h.weightDecay()))
                        .setHiddenUnits(orZero(h.hiddenUnits())).setL2(orZero(h.l2())).setSeed(orZero(h.seed())));
            }
            if (lora != null) {
                spec.setLora(LoraSpec.newBuilder().setR(orZero(lora.r())).setAlpha(orZero(lora.alpha()))
                        .setDropout(orZero(lora.dropout()))
                        .addAllTargetModules(lora.targetModules() == null ? List.of() : lora.targetModules())
                        .setLoadIn4Bit(lora.loadIn4bit()).setQuantType(orEmpty(lora.quantType())));
            }
            if (earlyStopping != null) {
                EarlyStopping.Builder early = EarlyStopping.newBuilder().setPatience(earlyStopping.patience())
                        .setMetric(earlyStopping.metric() == null ? "" : ApiEnums.word(earlyStopping.metric()))
                        .setMinDelta(orZero(earlyStopping.minDelta()));
                if (earlyStopping.refit() != null) {
                    early.setRefit(earlyStopping.refit());
                }
                spec.setEarlyStopping(early);
            }
            if (resources != null) {
                spec.setResources(Resources.newBuilder().setGpuCount(orZero(resources.gpuCount()))
                        .setGpuProduct(orEmpty(resources.gpuProduct())).setMemory(orEmpty(resources.memory()))
                        .setCpu(orEmpty(resources.cpu())));
            }
            if (executor != null) {
                spec.setExecutor(ApiEnums.toProto(executor, io.fmp.contracts.tuning.v1.ExecutorKind.class));
            }
            SubmitJobRequest.Builder request = SubmitJobRequest.newBuilder().setSpec(spec);
            if (idempotencyKey != null) {
                request.setIdempotencyKey(idempotencyKey);
            }
            return request.build();
        }
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
