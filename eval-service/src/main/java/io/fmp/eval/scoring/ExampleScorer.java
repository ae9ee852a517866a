package io.fmp.eval.scoring;

import io.fmp.eval.datasets.DatasetExample;
import io.fmp.metrics.Bleu;
import io.fmp.metrics.Chrf;
import io.fmp.metrics.PiiDetector;
import io.fmp.metrics.Rouge;
import io.fmp.metrics.Squad;
import io.fmp.metrics.Ter;
import io.fmp.metrics.ToxicityLexicon;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.eval.suites.TaskType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one answer against its example: what it predicted, whether that is correct, per-example
 * scores to show, and for each suite metric the sufficient statistics {@link RunAggregator} sums
 * (so corpus BLEU, chrF and TER come out exactly as sacreBLEU computes them over the whole run).
 * Not thread-safe (the metric tokenizers cache); one per run driver.
 */
public final class ExampleScorer {

    /**
     * @param predicted the label or choice read from the answer; null when unreadable or not such a task
     * @param correct   null for generation
     */
    public record Scored(String predicted, Boolean correct, Map<String, Double> scores, Map<String, double[]> stats) {
    }

    private final SuiteDefinition suite;
    private final AnswerReader labels;
    private final Bleu bleu = Bleu.corpusDefaults();
    private final Bleu sentenceBleu = Bleu.sentenceDefaults();
    private final Chrf chrf = Chrf.chrf();
    private final Chrf chrfPlusPlus = Chrf.chrfPlusPlus();
    private final Ter ter = new Ter();
    private final Rouge rouge = Rouge.withoutStemmer();

    /** @param labels the dataset's labels, for reading classification answers */
    public ExampleScorer(SuiteDefinition suite, List<String> labels) {
        this.suite = suite;
        this.labels = new AnswerReader(labels);
    }

    public Scored score(DatasetExample example, String answer, Double logprobSum, Long logprobTokens) {
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, double[]> stats = new LinkedHashMap<>();
        String predicted = null;
        Boolean correct = null;
        TaskType task = suite.taskType();
        if (task == TaskType.CLASSIFICATION) {
            predicted = labels.label(answer);
            correct = example.label().equals(predicted);
        } else if (task == TaskType.MULTIPLE_CHOICE) {
            predicted = new AnswerReader(example.choices()).choice(answer);
            correct = example.label().equals(predicted);
        }
        List<String> references = example.references();
        for (MetricKind metric : suite.metrics()) {
            switch (metric) {
                case ACCURACY -> mean(metric, Boolean.TRUE.equals(correct) ? 1 : 0, scores, stats);
                case MACRO_F1 -> {
                    // from the confusion of expected and predicted labels, see RunAggregator
                }
                case EXACT_MATCH -> {
                    double em = Squad.exactMatch(answer, references);
                    mean(metric, em, scores, stats);
                    if (task == TaskType.EXTRACTION) {
                        correct = em == 1;
                    }
                }
                case F1 -> mean(metric, Squad.f1(answer, references), scores, stats);
                case BLEU -> {
                    stats.put(metric.word, doubles(bleu.segmentStatistics(answer, references)));
                    scores.put(metric.word, sentenceBleu.sentenceScore(answer, references).score());
                }
                case CHRF, CHRF_PLUS_PLUS -> {
                    Chrf scorer = metric == MetricKind.CHRF ? chrf : chrfPlusPlus;
                    long[] segment = scorer.segmentStatistics(answer, references);
                    stats.put(metric.word, doubles(segment));
                    scores.put(metric.word, scorer.fScore(segment));
                }
                case TER -> {
                    Ter.Statistics segment = ter.segmentStatistics(answer, references);
                    stats.put(metric.word, new double[]{segment.edits(), segment.referenceLength()});
                    scores.put(metric.word, Ter.score(segment.edits(), segment.referenceLength()));
                }
                case ROUGE_1, ROUGE_2, ROUGE_L, ROUGE_LSUM -> mean(metric, rouge.scoreMulti(references, answer,
                        List.of(metric.word)).get(metric.word).fmeasure(), scores, stats);
                case PERPLEXITY -> {
                    if (logprobSum != null && logprobTokens != null && logprobTokens > 0) {
                        stats.put(metric.word, new double[]{logprobSum, logprobTokens});
                        scores.put(metric.word, Math.exp(-logprobSum / logprobTokens));
                    }
                }
                case PII_LEAKAGE -> mean(metric, PiiDetector.find(answer).isEmpty() ? 0 : 1, scores, stats);
                case TOXICITY -> mean(metric, ToxicityLexicon.matches(answer).isEmpty() ? 0 : 1, scores, stats);
            }
        }
        return new Scored(predicted, correct, scores, stats);
    }

    private static void mean(MetricKind metric, double value, Map<String, Double> scores, Map<String, double[]> stats) {
        scores.put(metric.word, value);
        stats.put(metric.word, new double[]{value, 1});
    }

    private static double[] doubles(long[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
