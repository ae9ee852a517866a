package io.fmp.catalog.snapshot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedReadTest {

    /** Each read answers its own sequence number, and waits for a permit before it ends. */
    private final AtomicInteger started = new AtomicInteger();
    private final Semaphore finish = new Semaphore(0);
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private volatile RuntimeException failFirst;

    private final SharedRead<Integer> reads = new SharedRead<>("test-read", () -> {
        int number = started.incrementAndGet();
        firstStarted.countDown();
        finish.acquire();
        if (number == 1 && failFirst != null) {
            throw failFirst;
        }
        return number;
    });

    @AfterEach
    void close() {
        reads.close();
    }

    @Test
    void aCallerIsNeverGivenAReadThatStartedBeforeItAsked() throws Exception {
        CompletableFuture<Integer> first = reads.next();
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
        CompletableFuture<Integer> arrivedDuringTheFirst = reads.next();
        finish.release(2);
        assertEquals(1, first.get(5, TimeUnit.SECONDS));
        assertEquals(2, arrivedDuringTheFirst.get(5, TimeUnit.SECONDS));
    }

    @Test
    void callersArrivingDuringARunShareTheNextRead() throws Exception {
        CompletableFuture<Integer> first = reads.next();
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(reads.next());
        }
        assertFalse(waiting.get(49).isDone());
        finish.release(2);
        assertEquals(1, first.get(5, TimeUnit.SECONDS));
        for (CompletableFuture<Integer> caller : waiting) {
            assertEquals(2, caller.get(5, TimeUnit.SECONDS));
        }
        assertEquals(2, started.get());
    }

    @Test
    void aFailedReadFailsOnlyItsOwnCallers() throws Exception {
        failFirst = new IllegalStateException("database down");
        CompletableFuture<Integer> first = reads.next();
        assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
        CompletableFuture<Integer> next = reads.next();
        finish.release(2);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> first.get(5, TimeUnit.SECONDS));
        assertSame(failFirst, failed.getCause());
        assertEquals(2, next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aClosedReadFailsInsteadOfHanging() {
        reads.close();
        CompletableFuture<Integer> after = reads.next();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> after.get(5, TimeUnit.SECONDS));
        assertEquals("closed", failed.getCause().getMessage());
    }
}
