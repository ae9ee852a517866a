package io.fmp.gateway.tuning;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.tuning.v1.ExecutorKind;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningMethod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuningRequestsTest {

    @Test
    void aQloraJobReadsEveryBlock() {
        SubmitJobRequest request = TuningRequests.job("""
                {"baseModelId": "m-1", "method": "QLoRA", "dataset": {"name": "support", "version": 3},
                 "splits": {"trainRatio": 0.9, "validationRatio": 0.1, "seed": 7},
                 "hyperparameters": {"learningRate": 0.0002, "epochs": 2, "maxSequenceLength": 2048},
                 "lora": {"r": 32, "alpha": 64, "targetModules": ["q_proj", "v_proj"], "quantType": "nf4"},
                 "earlyStopping": {"patience": 2},
                 "resources": {"gpuProduct": "H100-MIG-3g.40gb", "memory": "64Gi"},
                 "executor": "kubernetes", "queue": "team-a", "priority": 5, "evalSuite": "support-qa",
                 "outputName": "Support bot"}""", "key-1");

        var spec = request.getSpec();
        assertEquals("key-1", request.getIdempotencyKey());
        assertEquals(TuningMethod.QLORA, spec.getMethod());
        assertEquals(3, spec.getDataset().getVersion());
        assertEquals(7, spec.getSplits().getSeed());
        assertEquals(0.9, spec.getSplits().getTrainRatio());
        assertEquals(2048, spec.getHyperparameters().getMaxSequenceLength());
        assertEquals(List.of("q_proj", "v_proj"), spec.getLora().getTargetModulesList());
        assertTrue(spec.hasEarlyStopping());
        assertEquals(2, spec.getEarlyStopping().getPatience());
        assertEquals("H100-MIG-3g.40gb", spec.getResources().getGpuProduct());
        assertEquals(ExecutorKind.KUBERNETES, spec.getExecutor());
        assertEquals("team-a", spec.getQueue());
        assertEquals(5, spec.getPriority());
    }

    @Test
    void aHeadJobLeavesTheDefaultsToTheService() {
        var spec = TuningRequests.job("""
                {"baseModelId": "m-1", "method": "classifier-head", "dataset": {"name": "banking77"}}""", null).getSpec();
        assertFalse(spec.hasLora());
        assertFalse(spec.hasEarlyStopping());
        assertEquals(ExecutorKind.EXECUTOR_KIND_UNSPECIFIED, spec.getExecutor());
        assertEquals(0, spec.getDataset().getVersion(), "the latest");
    }

    @Test
    void everyMalformedFieldIsNamed() {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> TuningRequests.job("""
                {"method": "distillation", "dataset": "banking77", "lora": {"r": "sixteen", "rank": 8},
                 "earlyStopping": {"metric": "eval_loss"}, "executor": "slurm", "colour": "blue"}""", null));
        assertEquals(List.of("colour", "baseModelId", "method", "dataset", "lora.rank", "lora.r",
                        "earlyStopping.patience", "executor"),
                error.violations().stream().map(FieldViolation::field).toList());
    }
}
