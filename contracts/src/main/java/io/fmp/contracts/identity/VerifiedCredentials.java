package io.fmp.contracts.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials verified before, each until it expires: a caller's token or key arrives on many requests,
 * and checking a signature or asking governance-service each time would cost more than the request.
 * Bounded: when full, the expired entries go, and if that is not enough, all of them.
 *
 * @param <V> what a verification found (a principal, a caller)
 */
public final class VerifiedCredentials<V> {

    private static final int MAX = 10_000;

    private record Entry<V>(V value, long untilNanos) {
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    /** What was found for the key, while it has not expired; null otherwise. */
    public V get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.untilNanos() - System.nanoTime() > 0) {
            return entry.value();
        }
        entries.remove(key, entry);
        return null;
    }

    /** Keeps the value for {@code ttlNanos} (nothing when not positive). */
    public void put(String key, V value, long ttlNanos) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= MAX) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> e.untilNanos() - now <= 0);
            if (entries.size() >= MAX) {
                entries.clear();
            }
        }
        entries.put(key, new Entry<>(value, System.nanoTime() + ttlNanos));
    }
}
