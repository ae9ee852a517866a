package io.fmp.catalog.selection;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.fmp.catalog.selection.DeploymentMode.CLOUD;
import static io.fmp.catalog.selection.DeploymentMode.EDGE;
import static io.fmp.catalog.selection.DeploymentMode.HYBRID;
import static io.fmp.catalog.selection.DeploymentMode.ON_PREM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo use case: route banking customer queries, on-prem, commercial licence, p95 under 50 ms. */
class SelectionEngineTest {

    static final String TASK = "text-classification";
    static final Set<DeploymentMode> SELF_HOSTED = Set.of(ON_PREM, CLOUD, HYBRID, EDGE);

    static Candidate candidate(String id, Set<String> tasks, Set<DeploymentMode> modes, Set<String> regions,
                               String license, boolean commercial, Double quality, Double p95, Double cost,
                               TrainingDataTransparency data, boolean indemnity, boolean approved) {
        return new Candidate(id, id, "1", List.copyOf(new java.util.TreeSet<>(tasks)), modes, regions, license, commercial, 8192, 1.0, approved, quality,
                p95, cost, data, indemnity);
    }

    static final Candidate MINILM_HEAD = candidate("minilm-banking77-head", Set.of(TASK, "sentence-similarity"),
            SELF_HOSTED, Set.of(), "apache-2.0", true, 0.93, 9.0, 0.0020, TrainingDataTransparency.FULL, false, true);
    static final Candidate MINILM_ZERO_SHOT = candidate("minilm-zero-shot", Set.of(TASK), SELF_HOSTED, Set.of(),
            "apache-2.0", true, 0.62, 7.0, 0.0018, TrainingDataTransparency.FULL, false, true);
    static final Candidate BGE_HEAD = candidate("bge-small-banking77-head", Set.of(TASK), SELF_HOSTED, Set.of(),
            "mit", true, 0.91, 12.0, 0.0030, TrainingDataTransparency.SUMMARY, false, false);
    static final Candidate GPT_API = candidate("gpt-4o", Set.of(TASK, "text-generation"), Set.of(CLOUD),
            Set.of("US", "EU"), "proprietary", true, 0.90, 650.0, 0.60, TrainingDataTransparency.NONE, true, true);
    static final Candidate LLAMA_70B = candidate("llama-3.1-70b", Set.of(TASK, "text-generation"), SELF_HOSTED,
            Set.of(), "llama3.1", true, 0.89, 310.0, 0.90, TrainingDataTransparency.SUMMARY, false, true);
    static final Candidate NON_COMMERCIAL = candidate("research-only-encoder", Set.of(TASK), SELF_HOSTED, Set.of(),
            "cc-by-nc-4.0", false, 0.95, 10.0, 0.0020, TrainingDataTransparency.FULL, false, false);
    static final Candidate UNMEASURED = candidate("granite-embedding", Set.of(TASK), SELF_HOSTED, Set.of(),
            "apache-2.0", true, null, null, 0.0025, TrainingDataTransparency.SUMMARY, true, false);
    static final Candidate SUMMARISER = candidate("flan-ul2", Set.of("text2text-generation"), SELF_HOSTED, Set.of(),
            "apache-2.0", true, null, 120.0, 0.40, TrainingDataTransparency.SUMMARY, false, true);

    static final List<Candidate> ALL = List.of(MINILM_HEAD, MINILM_ZERO_SHOT, BGE_HEAD, GPT_API, LLAMA_70B,
            NON_COMMERCIAL, UNMEASURED, SUMMARISER);

    static UseCaseProfile demo() {
        return new UseCaseProfile("banking77 routing", TASK,
                new Constraints(ON_PREM, true, null, 50.0, null, null, null, false),
                new Weights(0.5, 0.2, 0.2, 0.1), "banking77-intent");
    }

    private static List<String> ids(List<Recommendation.Ranked> ranked) {
        return ranked.stream().map(r -> r.candidate().modelId()).toList();
    }

    @Test
    void theDemoProfileRanksTheTunedSmallModelFirst() {
        Recommendation recommendation = SelectionEngine.recommend(demo(), ALL);

        // zero-shot (0.790) edges out bge (0.737): at these weights its speed and cost beat bge's quality
        assertEquals(List.of("minilm-banking77-head", "minilm-zero-shot", "bge-small-banking77-head"),
                ids(recommendation.ranked()));
        Recommendation.Ranked best = recommendation.ranked().get(0);
        // quality .93; speed 7/9; cost .0018/.0020; risk .3 + .3 + 0 + .2
        assertEquals(0.93, best.scores().quality(), 1e-12);
        assertEquals(7.0 / 9.0, best.scores().speed(), 1e-12);
        assertEquals(0.9, best.scores().cost(), 1e-12);
        assertEquals(0.8, best.scores().risk(), 1e-12);
        assertEquals(0.5 * 0.93 + 0.2 * 7.0 / 9.0 + 0.2 * 0.9 + 0.1 * 0.8, best.value(), 1e-12);
        assertTrue(best.explanation().startsWith("#1 of 3, value 0.881"), best.explanation());
        assertTrue(best.explanation().contains("quality 0.930 on banking77-intent"), best.explanation());
        assertTrue(best.explanation().contains("Pareto-optimal"), best.explanation());
    }

    @Test
    void everyExcludedModelNamesEachConstraintItViolates() {
        Recommendation recommendation = SelectionEngine.recommend(demo(), ALL);

        List<String> summary = recommendation.excluded().stream()
                .map(e -> e.candidate().modelId() + ":" + String.join(",",
                        e.violations().stream().map(Recommendation.Violation::constraint).toList()))
                .toList();
        assertEquals(List.of(
                "flan-ul2:task,maxP95LatencyMs",
                "gpt-4o:deploymentMode,maxP95LatencyMs",
                "granite-embedding:maxP95LatencyMs",
                "llama-3.1-70b:maxP95LatencyMs",
                "research-only-encoder:commercialUse"), summary);
        Recommendation.Violation latency = recommendation.excluded().stream()
                .filter(e -> e.candidate().modelId().equals("llama-3.1-70b")).findFirst().orElseThrow()
                .violations().get(0);
        assertEquals("p95 latency 310 ms exceeds 50 ms", latency.reason());
        assertEquals("latency not measured yet; evaluate it first", recommendation.excluded().get(2).violations().get(0).reason());
    }

    @Test
    void theParetoSetHoldsModelsNoOtherBeatsOnQualityCostAndLatency() {
        Recommendation open = SelectionEngine.recommend(new UseCaseProfile("any", TASK, Constraints.none(),
                new Weights(1, 1, 1, 1), null), ALL);

        // zero-shot is fastest and cheapest, the research encoder most accurate, the head in between;
        // bge is beaten by the minilm head on all three; the big models are slower and dearer than the head
        assertEquals(List.of("minilm-banking77-head", "minilm-zero-shot", "research-only-encoder"), open.paretoOptimal());
        assertFalse(open.ranked().stream().filter(r -> r.candidate().modelId().equals("gpt-4o"))
                .findFirst().orElseThrow().paretoOptimal());
        assertEquals(1, open.excluded().size(), "only the model without the task");
    }

    @Test
    void sameInputSameOutputWhateverTheOrder() {
        Recommendation reference = SelectionEngine.recommend(demo(), ALL);
        List<Candidate> shuffled = new ArrayList<>(ALL);
        for (long seed = 1; seed <= 5; seed++) {
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(reference, SelectionEngine.recommend(demo(), shuffled));
        }
    }

    @Test
    void weightsShiftTheRanking() {
        UseCaseProfile costFirst = new UseCaseProfile("cheap", TASK, demo().constraints(), new Weights(0, 0, 1, 0), null);
        assertEquals("minilm-zero-shot", SelectionEngine.recommend(costFirst, ALL).ranked().get(0).candidate().modelId());
    }

    @Test
    void dataResidencyExcludesApisThatProcessElsewhereButNotSelfHostedModels() {
        UseCaseProfile swiss = new UseCaseProfile("ch", TASK,
                new Constraints(null, false, "CH", null, null, null, null, false), new Weights(1, 0, 0, 0), null);
        Recommendation recommendation = SelectionEngine.recommend(swiss, ALL);
        assertEquals("processes data in EU, US, not in CH", recommendation.excluded().stream()
                .filter(e -> e.candidate().modelId().equals("gpt-4o")).findFirst().orElseThrow()
                .violations().get(0).reason());
        assertTrue(ids(recommendation.ranked()).contains("llama-3.1-70b"));
    }

    @Test
    void anInvalidProfileNamesEachBadField() {
        UseCaseProfile bad = new UseCaseProfile("x", " ",
                new Constraints(null, false, null, -5.0, null, 0, null, false), new Weights(-1, 0, 0, 0), null);
        List<String> fields = assertThrows(InvalidInputException.class, () -> SelectionEngine.recommend(bad, ALL))
                .violations().stream().map(FieldViolation::field).toList();
        assertEquals(List.of("task", "weights.quality", "constraints.maxP95LatencyMs", "constraints.minContextWindow"),
                fields);
    }

    @Test
    void limitsCutTheListsButTotalsAndCountsCoverEveryModel() {
        Recommendation all = SelectionEngine.recommend(demo(), ALL);
        Recommendation cut = SelectionEngine.recommend(demo(), ALL, 1, 2);

        assertEquals(all.ranked().subList(0, 1), cut.ranked());
        assertEquals(all.excluded().subList(0, 2), cut.excluded());
        assertEquals(all.rankedTotal(), cut.rankedTotal());
        assertEquals(all.ranked().size(), all.rankedTotal());
        assertEquals(all.excluded().size(), cut.excludedTotal());
        assertEquals(all.paretoOptimal(), cut.paretoOptimal());
        // each constraint counted once per model it excludes
        java.util.Map<String, Integer> counted = new java.util.TreeMap<>();
        all.excluded().forEach(e -> e.violations().forEach(v -> counted.merge(v.constraint(), 1, Integer::sum)));
        assertEquals(counted, cut.excludedByConstraint());
        assertEquals(Integer.valueOf(1), cut.excludedByConstraint().get("commercialUse"));
    }

    @Test
    void theParetoSetMatchesABruteForceCheckOnRandomCatalogs() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<Candidate> catalog = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // coarse values make ties common; some measurements unknown
                Double quality = random.nextInt(10) == 0 ? null : random.nextInt(20) / 20.0;
                Double p95 = random.nextInt(10) == 0 ? null : (double) random.nextInt(30);
                Double cost = random.nextInt(10) == 0 ? null : random.nextInt(30) / 10.0;
                catalog.add(candidate("m" + i, Set.of(TASK), SELF_HOSTED, Set.of(), "mit", true, quality, p95, cost,
                        TrainingDataTransparency.FULL, false, false));
            }
            java.util.Set<String> bruteForce = new java.util.TreeSet<>();
            for (Candidate a : catalog) {
                boolean dominated = catalog.stream().anyMatch(b -> b != a && worseOrEqual(a, b) && strictlyWorse(a, b));
                if (!dominated) {
                    bruteForce.add(a.modelId());
                }
            }
            assertEquals(List.copyOf(bruteForce), SelectionEngine.recommend(new UseCaseProfile("any", TASK,
                    Constraints.none(), new Weights(1, 1, 1, 1), null), catalog).paretoOptimal(), "round " + round);
        }
    }

    private static double q(Candidate c) {
        return c.quality() == null ? -1 : c.quality();
    }

    private static double cost(Candidate c) {
        return c.costPer1000Requests() == null ? Double.MAX_VALUE : c.costPer1000Requests();
    }

    private static double p95(Candidate c) {
        return c.p95LatencyMs() == null ? Double.MAX_VALUE : c.p95LatencyMs();
    }

    private static boolean worseOrEqual(Candidate a, Candidate b) {
        return q(b) >= q(a) && cost(b) <= cost(a) && p95(b) <= p95(a);
    }

    private static boolean strictlyWorse(Candidate a, Candidate b) {
        return q(b) > q(a) || cost(b) < cost(a) || p95(b) < p95(a);
    }
}
