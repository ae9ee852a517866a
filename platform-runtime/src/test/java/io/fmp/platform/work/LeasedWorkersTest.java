package io.fmp.platform.work;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeasedWorkersTest {

    @Test
    void aReplicaWhosePoolCannotServeEveryUnitAndItsRequestsDoesNotStart() {
        LeasedWorkers.requireConnections(28, Map.of("LOCAL", 1, "KUBERNETES", 20));
        IllegalStateException tooSmall = assertThrows(IllegalStateException.class,
                () -> LeasedWorkers.requireConnections(20, Map.of("runs", 16)));
        assertTrue(tooSmall.getMessage().startsWith("quarkus.datasource.jdbc.max-size=20 is too small for 16 units"),
                tooSmall.getMessage());
        assertTrue(tooSmall.getMessage().contains("need 23"), tooSmall.getMessage());
    }

    @Test
    void queuedWorkRunsOnItsOwnThreadsWithFreshTokensAndAWakeUpBeatsThePoll() throws InterruptedException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        List<String> tokens = new CopyOnWriteArrayList<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(3);
        LeasedWorkers workers = new LeasedWorkers("test", Duration.ofHours(1), Map.of("units", 3), (token, free) -> {
            String unit = queue.poll();
            if (unit == null) {
                return Optional.empty();
            }
            tokens.add(token);
            return Optional.of(new LeasedWorkers.Work("units", "unit-" + unit, () -> {
                ran.add(unit + " on " + Thread.currentThread().getName());
                finished.countDown();
            }));
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
        LeasedWorkers workers = new LeasedWorkers("test", Duration.ofMillis(10), Map.of("units", 2), (token, free) -> {
            if (handedOut.getAndIncrement() > 0) {
                return Optional.empty();
            }
            return Optional.of(new LeasedWorkers.Work("units", "long-unit", () -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                    endings.add("completed");
                } catch (InterruptedException e) {
                    endings.add("interrupted: releases its lease");
                }
            }));
        });
        workers.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        workers.stop();
        assertEquals(List.of("interrupted: releases its lease"), endings, "stop waited for the unit");
        int asked = handedOut.get();
        Thread.sleep(100);
        assertEquals(asked, handedOut.get(), "no claims after stop");
        assertFalse(endings.contains("completed"));
    }

    @Test
    void eachLaneRunsAtMostItsSlotsAndIsOfferedOnlyWhileOneIsFree() throws InterruptedException {
        Map<String, AtomicInteger> queued = Map.of("local", new AtomicInteger(3), "cluster", new AtomicInteger(5));
        Map<String, AtomicInteger> running = Map.of("local", new AtomicInteger(), "cluster", new AtomicInteger());
        Map<String, AtomicInteger> most = Map.of("local", new AtomicInteger(), "cluster", new AtomicInteger());
        List<String> offeredFull = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(8);
        LeasedWorkers workers = new LeasedWorkers("test", Duration.ofMillis(10), Map.of("local", 1, "cluster", 2),
                (token, free) -> {
                    for (String lane : free) {
                        if (running.get(lane).get() >= (lane.equals("local") ? 1 : 2)) {
                            offeredFull.add(lane);
                        }
                        if (queued.get(lane).getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            most.get(lane).accumulateAndGet(running.get(lane).incrementAndGet(), Math::max);
                            return Optional.of(new LeasedWorkers.Work(lane, lane + "-unit", () -> {
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                running.get(lane).decrementAndGet();
                                finished.countDown();
                            }));
                        }
                    }
                    return Optional.empty();
                });
        workers.start();
        try {
            Thread.sleep(300);
            assertEquals(1, running.get("local").get(), "one local slot");
            assertEquals(2, running.get("cluster").get(), "two cluster slots");
            release.countDown();
            assertTrue(finished.await(10, TimeUnit.SECONDS), "every unit ran once its lane had room");
            assertEquals(1, most.get("local").get());
            assertEquals(2, most.get("cluster").get());
            assertEquals(List.of(), offeredFull, "a lane without a free slot is never offered");
        } finally {
            workers.stop();
        }
    }
}
