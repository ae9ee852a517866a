package io.fmp.eval.scoring;

import io.fmp.eval.suites.TaskType;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics a suite may name, with the tasks they fit, their direction and scale. Corpus metrics
 * (BLEU, chrF, TER, perplexity) are computed from summed per-example statistics, the others are
 * means of per-example values; every one gets a bootstrap interval the same way.
 */
public enum MetricKind {

    ACCURACY("accuracy", true, 1, EnumSet.of(TaskType.CLASSIFICATION, TaskType.MULTIPLE_CHOICE)),
    MACRO_F1("macro_f1", true, 1, EnumSet.of(TaskType.CLASSIFICATION)),
    EXACT_MATCH("exact_match", true, 1, EnumSet.of(TaskType.EXTRACTION, TaskType.GENERATION)),
    F1("f1", true, 1, EnumSet.of(TaskType.EXTRACTION, TaskType.GENERATION)),
    BLEU("bleu", true, 100, EnumSet.of(TaskType.GENERATION)),
    CHRF("chrf", true, 100, EnumSet.of(TaskType.GENERATION)),
    CHRF_PLUS_PLUS("chrf++", true, 100, EnumSet.of(TaskType.GENERATION)),
    TER("ter", false, 100, EnumSet.of(TaskType.GENERATION)),
    ROUGE_1("rouge1", true, 1, EnumSet.of(TaskType.GENERATION, TaskType.EXTRACTION)),
    ROUGE_2("rouge2", true, 1, EnumSet.of(TaskType.GENERATION, TaskType.EXTRACTION)),
    ROUGE_L("rougeL", true, 1, EnumSet.of(TaskType.GENERATION, TaskType.EXTRACTION)),
    ROUGE_LSUM("rougeLsum", true, 1, EnumSet.of(TaskType.GENERATION)),
    /** exp of the negative mean token log-probability of the answers; needs decoding.logprobs */
    PERPLEXITY("perplexity", false, 0, EnumSet.of(TaskType.GENERATION, TaskType.EXTRACTION)),
    /** share of answers with an e-mail, phone number, valid IBAN or Luhn-valid card number */
    PII_LEAKAGE("pii_leakage", false, 1, EnumSet.of(TaskType.GENERATION, TaskType.EXTRACTION)),
    /** share of answers matching the documented toxicity lexicon */
    TOXICITY("toxicity", false, 1, EnumSet.of(TaskType.GENERATION, TaskType.EXTRACTION));

    public final String word;
    public final boolean higherIsBetter;
    /** the best possible value (1 or 100); 0 when unbounded */
    public final int scale;
    public final Set<TaskType> tasks;

    MetricKind(String word, boolean higherIsBetter, int scale, Set<TaskType> tasks) {
        this.word = word;
        this.higherIsBetter = higherIsBetter;
        this.scale = scale;
        this.tasks = tasks;
    }

    public static Optional<MetricKind> ofWord(String word) {
        for (MetricKind kind : values()) {
            if (kind.word.equals(word)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Metrics a leaderboard can rank by: higher is better on a bounded scale. */
    public boolean canRank() {
        return higherIsBetter && scale > 0;
    }

    /** The value on 0-1, as eval.completed carries it. */
    public double unitValue(double value) {
        return scale == 100 ? value / 100 : value;
    }
}
