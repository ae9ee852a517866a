package io.fmp.tuning.jobs;

import java.util.Locale;
import java.util.Optional;

/** How a job adapts its base model. */
public enum TuningMethod {

    /** a classifier on a frozen encoder's embeddings ("change only the last layers") */
    CLASSIFIER_HEAD,
    /** learned soft prompt tokens, the model frozen */
    PROMPT_TUNING,
    /** low-rank adapters on frozen weights */
    LORA,
    /** LoRA on 4-bit quantised weights */
    QLORA,
    /** every weight */
    FULL;

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<TuningMethod> ofWord(String word) {
        for (TuningMethod method : values()) {
            if (method.word().equals(word)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    /** Methods that train a decoder on text with TRL on GPUs (the others run here). */
    public boolean generative() {
        return this != CLASSIFIER_HEAD;
    }
}
