package io.fmp.eval.runs;

import io.fmp.eval.datasets.ExampleRows;
import io.fmp.eval.runners.ModelAdapter;
import io.fmp.eval.scoring.ExampleScorer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Drives one attempt of a run: reads the examples that have no result yet in dataset order,
 * answers each from the response cache or the model (batches in parallel, as the adapter allows),
 * scores the answers and hands them to the store in small transactions. A crash loses at most the
 * answers in flight and those received since the last write (a fraction of a second); a resumed
 * attempt starts after the last stored result and never scores an example twice (the store writes
 * each result once). Plain Java: the store is a port.
 */
public final class RunPipeline {

    /** What the pipeline needs from persistence. */
    public interface Store {

        /** Up to {@code limit} examples of the run's suite with no result yet, ordinal > {@code after}, in order. */
        List<ExampleRows.Numbered> pending(int after, int limit);

        /** Cached answers for these keys (absent keys are misses). */
        Map<String, ModelAdapter.Answer> cached(Collection<String> keys);

        /**
         * Stores the outcomes (and the fresh answers in the cache) and renews the run's lease; may be
         * called with none, as a heartbeat.
         *
         * @return false when the run should stop: cancelled, or its lease taken by another worker
         */
        boolean flush(List<Outcome> outcomes);
    }

    /**
     * @param cacheKey   the answer's response-cache key
     * @param fromCache  true when the answer came from the cache (stored again: no)
     * @param scored     null when the answer is a failure
     */
    public record Outcome(int ordinal, String cacheKey, ModelAdapter.Answer answer, boolean fromCache,
                          ExampleScorer.Scored scored) {
    }

    /**
     * @param pageSize      examples read from the store at a time
     * @param flushSize     outcomes that trigger a write
     * @param flushInterval longest time between writes (also the heartbeat)
     */
    public record Tuning(int pageSize, int flushSize, long flushIntervalMillis) {
        /** a crash loses the answers in flight and at most 200 ms of received ones (not yet stored) */
        public static final Tuning DEFAULT = new Tuning(500, 256, 200);
    }

    public enum Ending {
        /** every example has a result */
        DRAINED,
        /** the store said stop (cancelled, lease lost) */
        STOPPED
    }

    /** The adapter failed as a whole (not one example): the run cannot go on. */
    public static final class AdapterFailure extends RuntimeException {
        AdapterFailure(Throwable cause) {
            super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
        }
    }

    private record Prepared(ExampleRows.Numbered example, String prompt, String cacheKey) {
    }

    private record Done(List<Prepared> batch, List<ModelAdapter.Answer> answers, Throwable failure) {
    }

    private final Store store;
    private final ModelAdapter adapter;
    private final Function<ExampleRows.Numbered, String> prompts;
    private final Function<String, String> cacheKeys;
    private final ExampleScorer scorer;
    private final Tuning tuning;
    private final ExecutorService pool;

    /**
     * @param prompts   what the adapter is given for an example (rendered template or bare input)
     * @param cacheKeys the cache key of a prompt (model version and adapter scope included by the caller)
     * @param pool      at least {@code adapter.parallelism()} threads
     */
    public RunPipeline(Store store, ModelAdapter adapter, Function<ExampleRows.Numbered, String> prompts,
                       Function<String, String> cacheKeys, ExampleScorer scorer, Tuning tuning, ExecutorService pool) {
        this.store = store;
        this.adapter = adapter;
        this.prompts = prompts;
        this.cacheKeys = cacheKeys;
        this.scorer = scorer;
        this.tuning = tuning;
        this.pool = pool;
    }

    /**
     * Runs until every example has a result or the store says stop. An interrupt (shutdown) stores
     * what is answered and rethrows.
     */
    public Ending run() throws InterruptedException {
        BlockingQueue<Done> completed = new LinkedBlockingQueue<>();
        Deque<Prepared> misses = new ArrayDeque<>();
        List<Outcome> buffer = new ArrayList<>();
        int after = -1;
        boolean exhausted = false;
        int inFlight = 0;
        long lastFlush = System.nanoTime();
        int backlog = adapter.batchSize() * adapter.parallelism() * 2;
        try {
            while (true) {
                if (!exhausted && misses.size() < backlog && buffer.size() < tuning.flushSize()) {
                    List<ExampleRows.Numbered> page = store.pending(after, tuning.pageSize());
                    if (page.isEmpty()) {
                        exhausted = true;
                    } else {
                        after = page.get(page.size() - 1).ordinal();
                        answerFromCache(page, misses, buffer);
                    }
                }
                while (inFlight < adapter.parallelism() && !misses.isEmpty()) {
                    List<Prepared> batch = new ArrayList<>(adapter.batchSize());
                    while (batch.size() < adapter.batchSize() && !misses.isEmpty()) {
                        batch.add(misses.poll());
                    }
                    pool.execute(() -> completed.add(call(batch)));
                    inFlight++;
                }
                Done done = inFlight > 0 ? completed.poll(20, TimeUnit.MILLISECONDS) : null;
                while (done != null) {
                    inFlight--;
                    if (done.failure() != null) {
                        throw new AdapterFailure(done.failure());
                    }
                    for (int i = 0; i < done.batch().size(); i++) {
                        buffer.add(outcome(done.batch().get(i), done.answers().get(i), false));
                    }
                    done = completed.poll();
                }
                boolean finished = exhausted && inFlight == 0 && misses.isEmpty();
                long now = System.nanoTime();
                if (finished || buffer.size() >= tuning.flushSize()
                        || now - lastFlush >= tuning.flushIntervalMillis() * 1_000_000) {
                    boolean goOn = store.flush(List.copyOf(buffer));
                    buffer.clear();
                    lastFlush = now;
                    if (!goOn) {
                        return Ending.STOPPED;
                    }
                }
                if (finished) {
                    return Ending.DRAINED;
                }
            }
        } catch (InterruptedException e) {
            // shutting down: keep what was answered, the next attempt does the rest
            while (inFlight > 0) {
                Done done = completed.poll(2, TimeUnit.SECONDS);
                if (done == null) {
                    break;
                }
                inFlight--;
                if (done.failure() == null) {
                    for (int i = 0; i < done.batch().size(); i++) {
                        buffer.add(outcome(done.batch().get(i), done.answers().get(i), false));
                    }
                }
            }
            store.flush(List.copyOf(buffer));
            throw e;
        }
    }

    private void answerFromCache(List<ExampleRows.Numbered> page, Deque<Prepared> misses, List<Outcome> buffer) {
        List<Prepared> prepared = new ArrayList<>(page.size());
        Map<String, Prepared> byKey = new LinkedHashMap<>();
        for (ExampleRows.Numbered example : page) {
            String prompt = prompts.apply(example);
            Prepared p = new Prepared(example, prompt, cacheKeys.apply(prompt));
            prepared.add(p);
            byKey.put(p.cacheKey(), p);
        }
        Map<String, ModelAdapter.Answer> hits = store.cached(byKey.keySet());
        for (Prepared p : prepared) {
            ModelAdapter.Answer hit = hits.get(p.cacheKey());
            if (hit != null) {
                buffer.add(outcome(p, hit, true));
            } else {
                misses.add(p);
            }
        }
    }

    private Done call(List<Prepared> batch) {
        try {
            List<ModelAdapter.Answer> answers = adapter.answer(batch.stream().map(Prepared::prompt).toList());
            if (answers.size() != batch.size()) {
                throw new IllegalStateException(answers.size() + " answers for " + batch.size() + " prompts");
            }
            return new Done(batch, answers, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Done(batch, List.of(), e);
        } catch (RuntimeException | Error e) {
            return new Done(batch, List.of(), e);
        }
    }

    private Outcome outcome(Prepared p, ModelAdapter.Answer answer, boolean fromCache) {
        ExampleScorer.Scored scored = answer.isFailure() ? null
                : scorer.score(p.example().example(), answer.text(), answer.logprobSum(), answer.logprobTokens());
        return new Outcome(p.example().ordinal(), p.cacheKey(), answer, fromCache, scored);
    }
}
