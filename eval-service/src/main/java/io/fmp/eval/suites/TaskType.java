package io.fmp.eval.suites;

import io.fmp.eval.scoring.MetricKind;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a suite asks of a model, which decides how answers are read and which metrics apply. */
public enum TaskType {

    /** Pick one label; LLM answers are matched to the label set, encoders predict a label directly. */
    CLASSIFICATION(16,
            "Classify the text into exactly one of these labels: {{labels}}.\n\n{{examples}}Text: {{input}}\nLabel:"),
    /** Pick one of the example's choices, answered by letter or by the choice's text. */
    MULTIPLE_CHOICE(8,
            "{{examples}}Question: {{input}}\n{{choices}}\nAnswer with the letter of the correct option.\nAnswer:"),
    /** Free text scored against references (BLEU, chrF, ROUGE, ...). */
    GENERATION(256, "{{examples}}{{input}}"),
    /** A short span scored as SQuAD does (exact match, token F1). */
    EXTRACTION(64, "{{examples}}{{input}}\nAnswer:");

    public final int defaultMaxTokens;
    public final String defaultTemplate;

    TaskType(int defaultMaxTokens, String defaultTemplate) {
        this.defaultMaxTokens = defaultMaxTokens;
        this.defaultTemplate = defaultTemplate;
    }

    /** A method, not a field: MetricKind's constants name task types, so their classes must not initialise each other. */
    public List<MetricKind> defaultMetrics() {
        return switch (this) {
            case CLASSIFICATION -> List.of(MetricKind.ACCURACY, MetricKind.MACRO_F1);
            case MULTIPLE_CHOICE -> List.of(MetricKind.ACCURACY);
            case GENERATION -> List.of(MetricKind.ROUGE_L, MetricKind.BLEU, MetricKind.CHRF);
            case EXTRACTION -> List.of(MetricKind.EXACT_MATCH, MetricKind.F1);
        };
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<TaskType> ofWord(String word) {
        for (TaskType type : values()) {
            if (type.word().equals(word)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Labels decide classification; choices and a label multiple choice; references the others. */
    public boolean needsLabels() {
        return this == CLASSIFICATION || this == MULTIPLE_CHOICE;
    }
}
