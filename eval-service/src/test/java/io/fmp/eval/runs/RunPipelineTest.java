package io.fmp.eval.runs;

import io.fmp.eval.datasets.DatasetExample;
import io.fmp.eval.datasets.ExampleRows;
import io.fmp.eval.runners.ModelAdapter;
import io.fmp.eval.scoring.ExampleScorer;
import io.fmp.eval.scoring.MetricKind;
import io.fmp.eval.suites.SuiteDefinition;
import io.fmp.eval.suites.TaskType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline against an in-memory store with the database's rules (one result per example,
 * a cache by key) and a model adapter that counts its calls.
 */
class RunPipelineTest {

    private static final SuiteDefinition SUITE = new SuiteDefinition("s", "", "d", 1, "", TaskType.CLASSIFICATION,
            "{{input}}", List.of(MetricKind.ACCURACY), MetricKind.ACCURACY,
            new SuiteDefinition.Decoding(0, 8, 0, List.of(), false), SuiteDefinition.FewShot.NONE, Map.of());
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Examples "q0".."qN" labelled "even"/"odd"; results and cache kept like the tables keep them. */
    static final class MemoryStore implements RunPipeline.Store {
        final List<ExampleRows.Numbered> examples = new ArrayList<>();
        final Map<Integer, RunPipeline.Outcome> results = new TreeMap<>();
        final Map<String, ModelAdapter.Answer> cache = new ConcurrentHashMap<>();
        int flushes;
        int stopAfterFlushes = Integer.MAX_VALUE;

        MemoryStore(int size) {
            for (int i = 0; i < size; i++) {
                examples.add(new ExampleRows.Numbered(i, new DatasetExample(i + 2, "", "q" + i, List.of(),
                        i % 2 == 0 ? "even" : "odd", List.of(), Map.of())));
            }
        }

        @Override
        public List<ExampleRows.Numbered> pending(int after, int limit) {
            return examples.stream().filter(e -> e.ordinal() > after && !results.containsKey(e.ordinal()))
                    .limit(limit).toList();
        }

        @Override
        public Map<String, ModelAdapter.Answer> cached(Collection<String> keys) {
            Map<String, ModelAdapter.Answer> hits = new HashMap<>();
            keys.forEach(k -> {
                if (cache.containsKey(k)) {
                    hits.put(k, cache.get(k));
                }
            });
            return hits;
        }

        @Override
        public boolean flush(List<RunPipeline.Outcome> outcomes) {
            for (RunPipeline.Outcome outcome : outcomes) {
                if (results.putIfAbsent(outcome.ordinal(), outcome) != null) {
                    throw new AssertionError("example " + outcome.ordinal() + " scored twice");
                }
                if (!outcome.fromCache() && !outcome.answer().isFailure()) {
                    cache.put(outcome.cacheKey(), outcome.answer());
                }
            }
            return ++flushes < stopAfterFlushes;
        }
    }

    /** Answers "even"/"odd" from the number in the prompt; fails "q7"; counts calls per prompt. */
    static class CountingAdapter implements ModelAdapter {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final int batchSize;
        final int parallelism;
        volatile long delayMillis;

        CountingAdapter(int batchSize, int parallelism) {
            this.batchSize = batchSize;
            this.parallelism = parallelism;
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public int parallelism() {
            return parallelism;
        }

        @Override
        public boolean usesPromptTemplate() {
            return true;
        }

        @Override
        public String cacheScope() {
            return "test";
        }

        @Override
        public List<Answer> answer(List<String> prompts) throws InterruptedException {
            Thread.sleep(delayMillis);
            List<Answer> answers = new ArrayList<>();
            for (String prompt : prompts) {
                calls.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
                int n = Integer.parseInt(prompt.substring(1));
                answers.add(n == 7 ? Answer.failed("HTTP 400 (not retried)")
                        : new Answer(n % 2 == 0 ? "even" : "odd", 1, 1, 1, null, null, null, null));
            }
            return answers;
        }

        int total() {
            return calls.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    private RunPipeline pipeline(MemoryStore store, ModelAdapter adapter, int flushSize) {
        return new RunPipeline(store, adapter, e -> e.example().input(), prompt -> "key:" + prompt,
                new ExampleScorer(SUITE, List.of("even", "odd")), new RunPipeline.Tuning(7, flushSize, 50), pool);
    }

    @Test
    void everyExampleGetsOneResultAndFailuresStayWithTheirExample() throws Exception {
        MemoryStore store = new MemoryStore(50);
        CountingAdapter adapter = new CountingAdapter(3, 4);
        assertEquals(RunPipeline.Ending.DRAINED, pipeline(store, adapter, 5).run());
        assertEquals(50, store.results.size());
        assertEquals(50, adapter.total(), "each example asked once");
        assertTrue(store.results.get(7).answer().isFailure());
        assertEquals(49, store.results.values().stream().filter(o -> o.scored() != null && o.scored().correct())
                .count(), "every answered example is right");
    }

    @Test
    void aRerunAnswersFromTheCacheAndRetriesOnlyTheFailure() throws Exception {
        MemoryStore first = new MemoryStore(30);
        CountingAdapter adapter = new CountingAdapter(1, 4);
        pipeline(first, adapter, 4).run();
        MemoryStore second = new MemoryStore(30);
        second.cache.putAll(first.cache);
        pipeline(second, adapter, 4).run();
        assertEquals(31, adapter.total(), "30 calls, then only the failed one again");
        assertEquals(29, second.results.values().stream().filter(RunPipeline.Outcome::fromCache).count());
    }

    @Test
    void aStoppedRunResumesWhereItStoppedWithoutScoringAnyExampleTwice() throws Exception {
        MemoryStore store = new MemoryStore(60);
        store.stopAfterFlushes = 3;
        CountingAdapter adapter = new CountingAdapter(2, 2);
        assertEquals(RunPipeline.Ending.STOPPED, pipeline(store, adapter, 4).run());
        int afterFirst = store.results.size();
        assertTrue(afterFirst > 0 && afterFirst < 60, "stopped part way: " + afterFirst);
        store.stopAfterFlushes = Integer.MAX_VALUE;
        assertEquals(RunPipeline.Ending.DRAINED, pipeline(store, adapter, 4).run());
        assertEquals(60, store.results.size());
        // answers in flight when it stopped were not stored: at most those are asked again
        assertTrue(adapter.total() <= 60 + 2 * 2 * 2, "calls " + adapter.total());
    }

    @Test
    void anInterruptStoresWhatWasAnsweredAndRethrows() throws Exception {
        MemoryStore store = new MemoryStore(200);
        CountingAdapter adapter = new CountingAdapter(1, 2);
        adapter.delayMillis = 10;
        Thread runner = new Thread(() -> assertThrows(InterruptedException.class,
                () -> pipeline(store, adapter, 1000).run()));
        runner.start();
        Thread.sleep(300);
        runner.interrupt();
        runner.join(5_000);
        int stored = store.results.size();
        assertTrue(stored > 0 && stored < 200, "stored on the way out: " + stored);
        pipeline(store, adapter, 1000).run();
        assertEquals(200, store.results.size());
    }

    @Test
    void anAdapterThatFailsAsAWholeFailsTheRun() {
        MemoryStore store = new MemoryStore(5);
        ModelAdapter broken = new CountingAdapter(1, 1) {
            @Override
            public List<Answer> answer(List<String> prompts) {
                throw new IllegalStateException("secret llm/api-key is not mounted");
            }
        };
        RunPipeline.AdapterFailure failure = assertThrows(RunPipeline.AdapterFailure.class,
                () -> pipeline(store, broken, 4).run());
        assertEquals("secret llm/api-key is not mounted", failure.getMessage());
    }
}
