package io.fmp.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationSquadBootstrapTest {

    @Test
    void classificationReportMatchesScikitLearnWithZeroDivisionZero() {
        Classification.Report report = Classification.report(List.of("cat", "dog", "cat", "bird"),
                List.of("cat", "cat", "cat", "dog"));
        assertEquals(0.5, report.accuracy());
        Classification.PerClass cat = report.perClass().stream().filter(c -> c.label().equals("cat")).findFirst().orElseThrow();
        assertEquals(2.0 / 3, cat.precision(), 1e-15);
        assertEquals(1.0, cat.recall());
        assertEquals(0.8, cat.f1(), 1e-15);
        assertEquals(2, cat.support());
        assertEquals(0.8 / 3, report.macroF1(), 1e-15);
        assertEquals((2.0 / 3) / 3, report.macroPrecision(), 1e-15);
        assertEquals(1.0 / 3, report.macroRecall(), 1e-15);
        assertEquals(1L, report.confusion().get("dog").get("cat"));
        assertEquals(0L, report.confusion().get("bird").get("bird"));
        assertThrows(IllegalArgumentException.class, () -> Classification.report(List.of("a"), List.of()));
    }

    @Test
    void squadNormalisationExactMatchAndF1AsTheOfficialScript() {
        assertEquals("quick brown fox", Squad.normalize("The Quick, Brown fox!"));
        assertEquals(1.0, Squad.exactMatch("the Denver Broncos", List.of("Carolina", "Denver Broncos")));
        assertEquals(0.0, Squad.exactMatch("Denver", List.of("Denver Broncos")));
        assertEquals(2.0 / 3, Squad.f1("the Denver", List.of("Denver Broncos")), 1e-15);
        assertEquals(0.0, Squad.f1("", List.of("Denver Broncos")));
        // articles go only as whole words, with Unicode letters as word characters (Python's \w)
        assertEquals("éa café", Squad.normalize("éa a café"));
        assertEquals("der brücke", Squad.normalize("An der Brücke"));
        assertEquals("la", Squad.normalize("l'a"));
    }

    @Test
    void bootstrapIntervalsAreSeededAndAsWideAsTheory() {
        List<double[]> stats = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            stats.add(new double[]{i % 10 < 7 ? 1 : 0, 1});
        }
        Bootstrap bootstrap = Bootstrap.seeded(42);
        Bootstrap.Interval interval = bootstrap.interval(stats, s -> s[0] / s[1]);
        assertEquals(0.7, interval.score(), 1e-15);
        assertEquals(interval, Bootstrap.seeded(42).interval(stats, s -> s[0] / s[1]), "same seed, same numbers");
        assertTrue(interval.lower() < 0.7 && 0.7 < interval.upper());
        double theory = 1.96 * Math.sqrt(0.7 * 0.3 / 1000);
        assertEquals(theory, interval.halfWidth(), theory * 0.2);
    }

    @Test
    void pairedBootstrapSeparatesARealDifferenceFromNoise() {
        Random random = new Random(3);
        List<double[]> weak = new ArrayList<>();
        List<double[]> strong = new ArrayList<>();
        List<double[]> alsoWeak = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            weak.add(new double[]{random.nextDouble() < 0.5 ? 1 : 0, 1});
            strong.add(new double[]{random.nextDouble() < 0.9 ? 1 : 0, 1});
            alsoWeak.add(new double[]{random.nextDouble() < 0.5 ? 1 : 0, 1});
        }
        Bootstrap bootstrap = Bootstrap.seeded(7);
        assertTrue(bootstrap.compare(weak, strong, s -> s[0] / s[1]).p() < 0.01);
        assertTrue(bootstrap.compare(weak, alsoWeak, s -> s[0] / s[1]).p() > 0.05);
        assertThrows(IllegalArgumentException.class, () -> bootstrap.compare(weak, strong.subList(0, 10), s -> s[0]));
    }

    @Test
    void corpusBleuResamplesFromSummedStatistics() throws Exception {
        SeedCorpusParityTest.load();
        Bleu bleu = Bleu.corpusDefaults();
        List<double[]> stats = new ArrayList<>();
        for (int i = 0; i < SeedCorpusParityTest.hyp.size(); i++) {
            stats.add(java.util.Arrays.stream(bleu.segmentStatistics(SeedCorpusParityTest.hyp.get(i),
                    List.of(SeedCorpusParityTest.ref1.get(i)))).asDoubleStream().toArray());
        }
        Bootstrap.Interval interval = Bootstrap.seeded(1).interval(stats, s -> bleu.fromStatistics(
                java.util.Arrays.stream(s).mapToLong(d -> (long) d).toArray()).score());
        SeedCorpusParityTest.assertClose(SeedCorpusParityTest.expected.get("bleu_1ref").asDouble(), interval.score(), "BLEU");
        assertTrue(interval.halfWidth() > 0.5 && interval.halfWidth() < 5, "half width " + interval.halfWidth());
    }
}
