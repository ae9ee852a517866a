package io.fmp.tuning.jobs;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.tuning.datasets.DatasetSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobValidatorTest {

    static final BaseModelFacts ENCODER = new BaseModelFacts("e", "all-MiniLM-L6-v2", "sentence-transformers", "1",
            22_700_000, "apache-2.0", 256, List.of("sentence-similarity"), "encoder", "embedded:all-minilm-l6-v2", null,
            List.of("en"), List.of(), "candidate", 0, 0, 0);
    static final BaseModelFacts DECODER = new BaseModelFacts("d", "Mistral 7B", "Mistral AI", "0.3", 7_250_000_000L,
            "apache-2.0", 32768, List.of("text-generation"), "decoder", null,
            "https://huggingface.co/mistralai/Mistral-7B-v0.3", List.of("en"), List.of(), "candidate", 32, 8, 128);
    static final DatasetSummary LABELLED = new DatasetSummary("intents", 2, "ab".repeat(32), 1000,
            Map.of("train", 800L, "validation", 100L, "test", 100L), List.of("a", "b", "c"), 3, 0);
    static final DatasetSummary UNSPLIT_PAIRS = new DatasetSummary("pairs", 1, "cd".repeat(32), 500,
            Map.of("", 500L), List.of(), 0, 500);

    /** Mistral's organisation is allowed; nothing may run its own code. */
    static final ModelSources SOURCES = new ModelSources(List.of("mistralai/", "Qwen/Qwen2.5-7B-Instruct"), List.of());

    static JobRequest request(String base, TuningMethod method, String dataset) {
        return new JobRequest(base, method, dataset, 0, null, null, null, null, null, null, "", 0, "", "");
    }

    static List<String> fields(Runnable validation) {
        InvalidInputException e = assertThrows(InvalidInputException.class, validation::run);
        return e.violations().stream().map(FieldViolation::field).toList();
    }

    @Test
    void aHeadGetsItsDefaultsAndTheDatasetsOwnSplits() {
        JobSpec spec = JobValidator.validate(request("e", TuningMethod.CLASSIFIER_HEAD, "intents"),
                new JobValidator.Facts(ENCODER, LABELLED, true, false, SOURCES));

        assertEquals(ExecutorKind.LOCAL, spec.executor());
        assertEquals(new JobSpec.Splits("train", "validation", 0, 0, 0, 42), spec.splits());
        assertEquals(new JobSpec.Hyperparameters(0.01, 100, 64, 1, 256, 0, 0, 1e-5, 42), spec.hyperparameters());
        assertEquals(new JobSpec.EarlyStopping(6, "eval_loss", 0, true), spec.earlyStopping());
        assertEquals("embedded:all-minilm-l6-v2", spec.base().encoder());
        assertEquals("all-MiniLM-L6-v2 (classifier-head)", spec.outputName());
        assertEquals(new JobSpec.DatasetRef("intents", 2), spec.dataset(), "the latest version, resolved");
    }

    @Test
    void aDecoderJobOnAnUnsplitDatasetIsSplitByTheDefaultRatiosAndRunsOnKubernetes() {
        JobSpec spec = JobValidator.validate(request("d", TuningMethod.QLORA, "pairs"),
                new JobValidator.Facts(DECODER, UNSPLIT_PAIRS, true, false, SOURCES));

        assertEquals(ExecutorKind.KUBERNETES, spec.executor());
        assertEquals(new JobSpec.Splits("", "", 0.8, 0.1, 0.1, 42), spec.splits());
        assertEquals(new JobSpec.Lora(16, 32, 0.05, List.of(), true, "nf4"), spec.lora());
        assertEquals(0, spec.earlyStopping().patience(), "TRL jobs train their epochs unless asked");
        assertEquals("mistralai/Mistral-7B-v0.3", spec.base().repository());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        JobRequest bad = new JobRequest("e", TuningMethod.LORA, "intents", 0,
                new JobRequest.SplitRequest("train", "", 0.5, 0.5, 0, 0),
                new JobRequest.HyperparameterRequest(0, 0, 0, 0, 0, 2, 64, 0, 0),
                new JobRequest.LoraRequest(true, 0, 0, 0.95, List.of("q_proj", "bad module!"), true, "int8"),
                new JobRequest.EarlyStoppingRequest(3, "eval_accuracy", 0, true),
                new JobRequest.ResourceRequest(9, "", "lots", ""), ExecutorKind.LOCAL, "", 5000, "", "x".repeat(151));

        assertEquals(List.of("method", "baseModelId", "executor", "splits",
                        "hyperparameters.weightDecay", "hyperparameters.hiddenUnits", "lora.dropout", "lora.quantType",
                        "lora.loadIn4bit", "lora.targetModules[1]", "earlyStopping.metric", "earlyStopping.refit", "resources",
                        "resources.gpuCount", "resources.memory", "priority", "outputName"),
                fields(() -> JobValidator.validate(bad, new JobValidator.Facts(ENCODER, LABELLED, true, false, SOURCES))));
    }

    @Test
    void aTargetModuleThatWouldBeATrainerFlagIsRefusedByField() {
        for (String attack : List.of("--trust_remote_code", "-h", "q_proj --trust_remote_code", "q_proj=1", "", "1abc",
                "x".repeat(101))) {
            JobRequest request = new JobRequest("d", TuningMethod.LORA, "pairs", 0, null, null,
                    new JobRequest.LoraRequest(true, 8, 16, 0.05, List.of("q_proj", attack), false, ""),
                    null, null, ExecutorKind.KUBERNETES, "", 0, "", "");
            assertEquals(List.of("lora.targetModules[1]"), fields(() -> JobValidator.validate(request,
                    new JobValidator.Facts(DECODER, UNSPLIT_PAIRS, true, false, SOURCES))), attack);
        }
        JobRequest dotted = new JobRequest("d", TuningMethod.LORA, "pairs", 0, null, null,
                new JobRequest.LoraRequest(true, 8, 16, 0.05, List.of("model.layers.0.mlp.up_proj", "all-linear"), false, ""),
                null, null, ExecutorKind.KUBERNETES, "", 0, "", "");
        assertEquals(List.of("model.layers.0.mlp.up_proj", "all-linear"), JobValidator.validate(dotted,
                new JobValidator.Facts(DECODER, UNSPLIT_PAIRS, true, false, SOURCES)).lora().targetModules());
    }

    @Test
    void aGpuJobOnABaseModelFromASourceTheOperatorDidNotAllowIsRefused() {
        BaseModelFacts elsewhere = new BaseModelFacts("x", "Evil 7B", "Somebody", "1", 7_000_000_000L, "apache-2.0",
                4096, List.of("text-generation"), "decoder", null, "https://huggingface.co/mistralai-fan/Evil-7B",
                List.of("en"), List.of(), "candidate", 32, 8, 128);
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> JobValidator.validate(
                request("x", TuningMethod.LORA, "pairs"), new JobValidator.Facts(elsewhere, UNSPLIT_PAIRS, true, false,
                        SOURCES)));
        assertEquals(List.of("baseModelId"), refused.violations().stream().map(FieldViolation::field).toList());
        assertEquals("GPU jobs load base models only from the sources the operator allows; mistralai-fan/Evil-7B is "
                + "not one of them (allowed are mistralai/, Qwen/Qwen2.5-7B-Instruct)", refused.violations().get(0).message());
        assertEquals(List.of("baseModelId"), fields(() -> JobValidator.validate(request("d", TuningMethod.LORA, "pairs"),
                new JobValidator.Facts(DECODER, UNSPLIT_PAIRS, true, false, ModelSources.NONE))),
                "no source configured: no GPU job");
        // classifier heads run the platform's own encoders: no source to allow
        JobValidator.validate(request("e", TuningMethod.CLASSIFIER_HEAD, "intents"),
                new JobValidator.Facts(ENCODER, LABELLED, true, false, ModelSources.NONE));
    }

    @Test
    void labelsPromptTuningAndSuitesAreChecked() {
        DatasetSummary unlabelled = new DatasetSummary("plain", 1, "ef".repeat(32), 10, Map.of("", 10L), List.of(), 0, 4);
        assertEquals(List.of("dataset.name"), fields(() -> JobValidator.validate(
                request("e", TuningMethod.CLASSIFIER_HEAD, "plain"), new JobValidator.Facts(ENCODER, unlabelled, true,
                        false, SOURCES))));
        InvalidInputException mixed = assertThrows(InvalidInputException.class, () -> JobValidator.validate(
                request("d", TuningMethod.LORA, "plain"), new JobValidator.Facts(DECODER, unlabelled, true, false, SOURCES)));
        assertEquals("6 of 10 rows have no completion (reference, completion or a final assistant turn): give every"
                + " row one (prompt / completion or chat) or none (plain text)", mixed.violations().get(0).message());
        assertEquals(List.of("method"), fields(() -> JobValidator.validate(request("d", TuningMethod.PROMPT_TUNING,
                "pairs"), new JobValidator.Facts(DECODER, UNSPLIT_PAIRS, true, false, SOURCES))));
        JobRequest withSuite = new JobRequest("e", TuningMethod.CLASSIFIER_HEAD, "intents", 0, null, null, null, null,
                null, null, "", 0, "banking77-intent", "");
        assertEquals(List.of("evalSuite"), fields(() -> JobValidator.validate(withSuite,
                new JobValidator.Facts(ENCODER, LABELLED, false, false, SOURCES))));
        assertEquals(List.of("baseModelId", "dataset.name"), fields(() -> JobValidator.validate(
                request("nope", TuningMethod.CLASSIFIER_HEAD, "nothing"), new JobValidator.Facts(null, null, true,
                        false, SOURCES))));
    }

    static final List<JobSpec.Gpu> GPUS = List.of(
            new JobSpec.Gpu("H100-80GB", 80, "nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", false, 700, 4.0),
            new JobSpec.Gpu("L4-24GB", 24, "nvidia.com/gpu", "NVIDIA-L4", false, 72, 0.8),
            new JobSpec.Gpu("H100-MIG-3g.40gb", 40, "nvidia.com/mig-3g.40gb", "NVIDIA-H100-80GB-HBM3", true, 350, 2.0));

    @Test
    void aGpuJobIsPlacedOnTheCheapestProfileThatHoldsIt() {
        JobSpec spec = JobValidator.validate(request("d", TuningMethod.LORA, "pairs"),
                new JobValidator.Facts(DECODER, UNSPLIT_PAIRS, true, false, SOURCES));

        JobSpec small = JobValidator.placeGpu(spec, 20, "", GPUS);
        assertEquals("L4-24GB", small.resources().gpu().name(), "20 GB fit 90 % of an L4's 24");
        assertEquals(1, small.resources().gpuCount());
        JobSpec larger = JobValidator.placeGpu(spec, 30, "", GPUS);
        assertEquals("L4-24GB", larger.resources().gpu().name(), "2 L4 ($1.60) before a MIG slice ($2)");
        assertEquals(2, larger.resources().gpuCount());
        JobSpec slice = JobValidator.placeGpu(spec, 30, "H100-MIG-3g.40gb", GPUS);
        assertEquals("nvidia.com/mig-3g.40gb", slice.resources().gpu().resource());

        InvalidInputException tooBig = assertThrows(InvalidInputException.class,
                () -> JobValidator.placeGpu(spec, 50, "H100-MIG-3g.40gb", GPUS));
        assertEquals("the job needs about 50.0 GB of GPU memory; one H100-MIG-3g.40gb slice gives 40 GB (36.0 usable);"
                + " MIG slices are not combined", tooBig.violations().get(0).message());
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> JobValidator.placeGpu(spec, 10, "TPU-v5", GPUS));
        assertEquals("resources.gpuProduct", unknown.violations().get(0).field());
        assertThrows(InvalidInputException.class, () -> JobValidator.placeGpu(spec, 700, "", GPUS));
        assertNull(spec.resources().gpu(), "placing returns a new spec");
        assertTrue(JobValidator.placeGpu(spec, 100, "", GPUS).resources().gpuCount() >= 2);
    }
}
