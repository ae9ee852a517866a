package io.fmp.catalog.snapshot;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A blocking read run on its own thread and shared by everyone waiting for it. A caller is only ever
 * given the result of a read that started after it asked, so it sees everything committed before its
 * call; callers that arrive while a read runs share the next one. Under load, many concurrent readers
 * cost one query, and their own threads (event loops) never block.
 */
final class SharedRead<T> implements AutoCloseable {

    private final Callable<T> read;
    private final ExecutorService thread;
    /** The read that has not started yet: every caller joining it asked before it starts. */
    private CompletableFuture<T> waiting;
    private boolean running;

    SharedRead(String threadName, Callable<T> read) {
        this.read = read;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The result of a read that starts after this call. */
    CompletableFuture<T> next() {
        synchronized (this) {
            if (waiting == null) {
                waiting = new CompletableFuture<>();
            }
            CompletableFuture<T> mine = waiting;
            if (!running) {
                startWaiting();
            }
            return mine;
        }
    }

    /** Called holding the lock. */
    private void startWaiting() {
        CompletableFuture<T> batch = waiting;
        waiting = null;
        running = true;
        try {
            thread.execute(() -> run(batch));
        } catch (RejectedExecutionException e) {
            running = false;
            batch.completeExceptionally(new IllegalStateException("closed", e));
        }
    }

    private void run(CompletableFuture<T> batch) {
        T value = null;
        Throwable failure = null;
        try {
            value = read.call();
        } catch (Throwable e) {
            failure = e;
        }
        synchronized (this) {
            running = false;
            if (waiting != null) {
                startWaiting();
            }
        }
        if (failure == null) {
            batch.complete(value);
        } else {
            batch.completeExceptionally(failure);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
