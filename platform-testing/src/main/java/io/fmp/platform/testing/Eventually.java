package io.fmp.platform.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for asynchronous effects (events consumed, records appended) without fixed sleeps. */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Reads until the value satisfies {@code done}, every 100 ms; fails with the last value read
     * when the timeout passes.
     */
    public static <T> T await(Supplier<T> read, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + timeout + "; last value: " + value);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
            value = read.get();
        }
        return value;
    }
}
