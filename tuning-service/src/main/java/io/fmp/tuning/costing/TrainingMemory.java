package io.fmp.tuning.costing;

import io.fmp.tuning.jobs.TuningMethod;

/**
 * GPU memory a training job needs, from the catalog's inference fit estimate (fp16 weights, KV cache
 * for the sequence length and batch, runtime overhead) plus what training adds: full fine-tuning
 * keeps gradients and Adam's states (fp32 master weights, two moments: 7x the fp16 weights more),
 * LoRA and prompt tuning only the base weights, QLoRA them in 4 bits (a quarter). Activations are
 * taken as four times the KV cache (no gradient checkpointing). A rough, documented rule: good to
 * choose a GPU, not to the gigabyte.
 */
public final class TrainingMemory {

    private TrainingMemory() {
    }

    public static double neededGb(TuningMethod method, double weightsFp16Gb, double kvCacheGb, double overheadGb) {
        double activations = 4 * kvCacheGb;
        double weights = switch (method) {
            case FULL -> 8 * weightsFp16Gb;
            case QLORA -> weightsFp16Gb / 4;
            case LORA, PROMPT_TUNING -> weightsFp16Gb;
            case CLASSIFIER_HEAD -> 0;
        };
        // adapters and their optimizer states: about 1 % of the base
        double adapters = method == TuningMethod.LORA || method == TuningMethod.QLORA ? 0.01 * weightsFp16Gb * 4 : 0;
        return weights + adapters + activations + overheadGb;
    }
}
