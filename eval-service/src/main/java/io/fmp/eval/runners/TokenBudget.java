package io.fmp.eval.runners;

/**
 * A token-per-minute limit as a bucket refilled continuously: a request waits until its
 * reservation fits, and what it did not use is given back once the endpoint reports its usage.
 */
final class TokenBudget {

    private final long perMinute;
    private double available;
    private long refilledAtNanos = System.nanoTime();

    /** @param perMinute 0 for no limit */
    TokenBudget(long perMinute) {
        this.perMinute = perMinute;
        this.available = perMinute;
    }

    void take(long tokens) throws InterruptedException {
        if (perMinute <= 0) {
            return;
        }
        // a reservation larger than the whole budget waits for a full bucket, then goes
        long wanted = Math.min(tokens, perMinute);
        synchronized (this) {
            while (true) {
                refill();
                if (available >= wanted) {
                    available -= tokens;
                    return;
                }
                long waitMillis = (long) Math.ceil((wanted - available) * 60_000.0 / perMinute);
                wait(Math.max(1, waitMillis));
            }
        }
    }

    /** Returns unused tokens (or takes more, when the usage exceeded the reservation). */
    synchronized void giveBack(long tokens) {
        if (perMinute <= 0) {
            return;
        }
        refill();
        available = Math.min(perMinute, available + tokens);
        notifyAll();
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(perMinute, available + (now - refilledAtNanos) / 60e9 * perMinute);
        refilledAtNanos = now;
    }
}
