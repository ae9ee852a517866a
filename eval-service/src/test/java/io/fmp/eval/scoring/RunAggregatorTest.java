package io.fmp.eval.scoring;

import io.fmp.eval.datasets.DatasetExample;
import io.fmp.metrics.Bleu;
import io.fmp.metrics.Bootstrap;
import io.fmp.metrics.Chrf;
import io.fmp.metrics.Classification;
import io.fmp.metrics.Ter;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.eval.suites.TaskType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's numbers equal the metrics library's corpus scores on the same outputs. */
class RunAggregatorTest {

    private static SuiteDefinition suite(TaskType task, List<MetricKind> metrics) {
        return new SuiteDefinition("s", "", "d", 1, "", task, task.defaultTemplate, metrics, metrics.get(0),
                new SuiteDefinition.Decoding(0, 64, 0, List.of(), false), SuiteDefinition.FewShot.NONE, Map.of());
    }

    private static List<String> lines(String resource) throws Exception {
        try (var in = RunAggregatorTest.class.getResourceAsStream("/metric-vectors/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void corpusMetricsFromPerExampleStatisticsEqualTheLibrarysCorpusScores() throws Exception {
        List<String> hyps = lines("hyp.txt");
        List<String> refs = lines("ref1.txt");
        List<MetricKind> metrics = List.of(MetricKind.BLEU, MetricKind.CHRF, MetricKind.CHRF_PLUS_PLUS, MetricKind.TER,
                MetricKind.ROUGE_L);
        ExampleScorer scorer = new ExampleScorer(suite(TaskType.GENERATION, metrics), List.of());
        RunAggregator aggregator = new RunAggregator(metrics);
        for (int i = 0; i < hyps.size(); i++) {
            ExampleScorer.Scored scored = scorer.score(new DatasetExample(i + 1, "", "in", List.of(refs.get(i)), null,
                    List.of(), Map.of()), hyps.get(i), null, null);
            aggregator.add(new RunAggregator.Row(null, scored.predicted(), scored.stats(), 10 + i, null, 5, 7, false));
        }
        aggregator.add(new RunAggregator.Row(null, null, Map.of(), 0, null, 0, 0, true));
        RunAggregator.Summary summary = aggregator.summarise(Bootstrap.seeded(3), 1.0, 2.0);
        List<List<String>> references = List.of(refs);
        assertEquals(Bleu.corpusDefaults().corpusScore(hyps, references).score(),
                summary.metric(MetricKind.BLEU).value(), 1e-9);
        assertEquals(Chrf.chrf().corpusScore(hyps, references), summary.metric(MetricKind.CHRF).value(), 1e-9);
        assertEquals(Chrf.chrfPlusPlus().corpusScore(hyps, references),
                summary.metric(MetricKind.CHRF_PLUS_PLUS).value(), 1e-9);
        assertEquals(new Ter().corpusScore(hyps, references), summary.metric(MetricKind.TER).value(), 1e-9);
        RunAggregator.MetricResult bleu = summary.metric(MetricKind.BLEU);
        assertTrue(bleu.lower() < bleu.value() && bleu.value() < bleu.upper(), bleu.toString());
        assertEquals(hyps.size(), summary.scored());
        assertEquals(1, summary.failed(), "failed examples are counted apart");
        assertEquals(hyps.size() * 5L, summary.promptTokens());
        assertEquals((hyps.size() * 5 * 1.0 + hyps.size() * 7 * 2.0) / 1e6, summary.costUsd(), 1e-12);
        assertEquals(hyps.size(), summary.latency().requests(), "failed calls have no latency");
    }

    @Test
    void macroF1AndThePerClassReportMatchTheClassificationReport() {
        List<String> labels = List.of("a", "b", "c", "d");
        Random random = new Random(11);
        List<String> expected = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        RunAggregator aggregator = new RunAggregator(List.of(MetricKind.ACCURACY, MetricKind.MACRO_F1));
        ExampleScorer scorer = new ExampleScorer(suite(TaskType.CLASSIFICATION, List.of(MetricKind.ACCURACY,
                MetricKind.MACRO_F1)), labels);
        for (int i = 0; i < 400; i++) {
            String truth = labels.get(random.nextInt(4));
            String answer = random.nextDouble() < 0.7 ? truth : labels.get(random.nextInt(4));
            expected.add(truth);
            predicted.add(answer);
            ExampleScorer.Scored scored = scorer.score(new DatasetExample(i, "", "x", List.of(), truth, List.of(),
                    Map.of()), answer.toUpperCase(), null, null);
            aggregator.add(new RunAggregator.Row(truth, scored.predicted(), scored.stats(), 1, null, 0, 0, false));
        }
        RunAggregator.Summary summary = aggregator.summarise(Bootstrap.seeded(5), null, null);
        Classification.Report report = Classification.report(expected, predicted);
        assertEquals(report.accuracy(), summary.metric(MetricKind.ACCURACY).value(), 1e-12);
        assertEquals(report.macroF1(), summary.metric(MetricKind.MACRO_F1).value(), 1e-12);
        assertEquals(report.perClass(), summary.perClass());
        RunAggregator.MetricResult macro = summary.metric(MetricKind.MACRO_F1);
        assertTrue(macro.lower() < macro.value() && macro.value() < macro.upper());
        assertEquals(0, summary.costUsd(), "unpriced models cost nothing");
    }

    @Test
    void anUnreadableAnswerIsWrongAndPredictsNoClass() {
        RunAggregator aggregator = new RunAggregator(List.of(MetricKind.ACCURACY, MetricKind.MACRO_F1));
        aggregator.add(new RunAggregator.Row("a", "a", Map.of("accuracy", new double[]{1, 1}), 1, null, 0, 0, false));
        aggregator.add(new RunAggregator.Row("b", null, Map.of("accuracy", new double[]{0, 1}), 1, null, 0, 0, false));
        RunAggregator.Summary summary = aggregator.summarise(Bootstrap.seeded(1), null, null);
        assertEquals(0.5, summary.metric(MetricKind.ACCURACY).value());
        // a: P 1, R 1, F 1; b: never predicted, recall 0: F 0; no third class for the unreadable answer
        assertEquals(0.5, summary.metric(MetricKind.MACRO_F1).value(), 1e-12);
        assertEquals(List.of("a", "b"), summary.perClass().stream().map(Classification.PerClass::label).toList());
    }

    @Test
    void aMetricNoExampleHadIsUnknownNotZero() {
        RunAggregator aggregator = new RunAggregator(List.of(MetricKind.PERPLEXITY));
        aggregator.add(new RunAggregator.Row(null, null, Map.of(), 3, null, 1, 1, false));
        RunAggregator.MetricResult perplexity = aggregator.summarise(Bootstrap.seeded(1), null, null)
                .metric(MetricKind.PERPLEXITY);
        assertTrue(Double.isNaN(perplexity.value()));
        assertNull(perplexity.lower());
    }

    @Test
    void pairedComparisonSeesARealDifferenceAndNotAnImaginedOne() {
        List<RunAggregator.Row> weak = new ArrayList<>();
        List<RunAggregator.Row> strong = new ArrayList<>();
        List<RunAggregator.Row> same = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 300; i++) {
            boolean weakRight = random.nextDouble() < 0.6;
            boolean strongRight = weakRight || random.nextDouble() < 0.6;
            weak.add(row(weakRight));
            strong.add(row(strongRight));
            same.add(row(weakRight));
        }
        RunComparator.MetricComparison better = RunComparator.compare(List.of(MetricKind.ACCURACY), weak, strong,
                Bootstrap.seeded(9)).get(0);
        assertTrue(better.delta() > 0.15, "delta " + better.delta());
        assertTrue(better.p() < 0.01, "p " + better.p());
        RunComparator.MetricComparison equal = RunComparator.compare(List.of(MetricKind.ACCURACY), weak, same,
                Bootstrap.seeded(9)).get(0);
        assertEquals(0, equal.delta());
        assertTrue(equal.p() > 0.5, "p " + equal.p());
    }

    private static RunAggregator.Row row(boolean right) {
        return new RunAggregator.Row("x", right ? "x" : "y", Map.of("accuracy", new double[]{right ? 1 : 0, 1}), 1,
                null, 0, 0, false);
    }
}
