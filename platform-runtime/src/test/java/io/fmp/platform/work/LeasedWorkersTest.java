package io.fmp.platform.work;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeasedWorkersTest {

    @Test
    void queuedWorkRunsOnItsOwnThreadsWithFreshTokensAndAWakeUpBeatsThePoll() throws InterruptedException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        List<String> tokens = new CopyOnWriteArrayList<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(3);
        LeasedWorkers workers = new LeasedWorkers("test", Duration.ofHours(1), token -> {
            String unit = queue.poll();
            if (unit == null) {
                return Optional.empty();
            }
            tokens.add(token);
            return Optional.of(new LeasedWorkers.Work("unit-" + unit,
                    () -> ran.add(unit + " on " + Thread.currentThread().getName()), finished::countDown));
        });
        workers.start();
        try {
            queue.addAll(List.of("a", "b", "c"));
            // the poll interval is an hour: only the wake-up can get these going
            workers.wakeUp();
            assertTrue(finished.await(10, TimeUnit.SECONDS), "ran: " + ran);
            assertEquals(List.of("a on unit-a", "b on unit-b", "c on unit-c"), ran.stream().sorted().toList());
            assertEquals(3, tokens.stream().distinct().count(), "a token per claim: " + tokens);
            assertTrue(tokens.stream().allMatch(t -> t.startsWith("test/")));
        } finally {
            workers.stop();
        }
    }

    @Test
    void stopInterruptsRunningUnitsWaitsForThemAndStartsNothingNew() throws InterruptedException {
        AtomicInteger handedOut = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        List<String> endings = new CopyOnWriteArrayList<>();
        LeasedWorkers workers = new LeasedWorkers("test", Duration.ofMillis(10), token -> {
            if (handedOut.getAndIncrement() > 0) {
                return Optional.empty();
            }
            return Optional.of(new LeasedWorkers.Work("long-unit", () -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                    endings.add("completed");
                } catch (InterruptedException e) {
                    endings.add("interrupted: releases its lease");
                }
            }, () -> endings.add("slot freed")));
        });
        workers.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        workers.stop();
        assertEquals(List.of("interrupted: releases its lease", "slot freed"), endings, "stop waited for the unit");
        int asked = handedOut.get();
        Thread.sleep(100);
        assertEquals(asked, handedOut.get(), "no claims after stop");
        assertFalse(endings.contains("completed"));
    }
}
