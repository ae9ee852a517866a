package io.fmp.gateway.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Request rate limits per caller (an API key, a token's subject): a token bucket of
 * {@code perMinute} requests, refilled continuously (Bucket4j). The buckets live in this process
 * ({@link #local}: one gateway) or in PostgreSQL ({@link #shared}: every replica draws from the same
 * bucket). A shared bucket is synchronised every {@code syncEvery} requests or {@code syncInterval},
 * whichever comes first, so a request seldom waits for the database; across {@code n} replicas a caller
 * may pass its limit by at most {@code n * syncEvery} requests.
 */
public final class RateLimits {

    /**
     * What a request may do.
     *
     * @param remaining requests left in the window now
     * @param retryAfterSeconds when a refused caller may try again (0 when allowed)
     * @param resetSeconds when the bucket is full again
     */
    public record Decision(boolean allowed, long limit, long remaining, long retryAfterSeconds, long resetSeconds) {
    }

    /** Bucket4j's table: one row per caller, the bucket's serialised state, when it may be dropped. */
    public static final String TABLE = "rate_limit_bucket";

    private static final int MAX_LOCAL_BUCKETS = 100_000;

    private final ProxyManager<String> store;
    private final DelayParameters sync;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private RateLimits(ProxyManager<String> store, DelayParameters sync) {
        this.store = store;
        this.sync = sync;
    }

    /** Buckets in this process: limits hold for one gateway. */
    public static RateLimits local() {
        return new RateLimits(null, null);
    }

    /** Buckets in PostgreSQL (the table is created when missing): limits hold across gateway replicas. */
    public static RateLimits shared(DataSource database, int syncEvery, Duration syncInterval) {
        try (Connection connection = database.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + TABLE
                    + " (id VARCHAR(300) PRIMARY KEY, state BYTEA, expires_at BIGINT)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the rate-limit table " + TABLE + ": " + e.getMessage(), e);
        }
        ProxyManager<String> store = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                // a bucket nobody drew from for long enough to refill is as good as new: its row may go
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .build();
        return new RateLimits(store, new DelayParameters(syncEvery, syncInterval));
    }

    /** Takes one request from the caller's bucket of {@code perMinute} requests. */
    public Decision take(String caller, long perMinute) {
        return take(caller, perMinute, 1);
    }

    /** Takes {@code amount} (requests, or tokens) from the caller's bucket of {@code perMinute}. */
    public Decision take(String caller, long perMinute, long amount) {
        Bucket bucket = bucket(caller, perMinute);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(Math.min(amount, perMinute));
        long reset = seconds(probe.getNanosToWaitForReset());
        return probe.isConsumed() ? new Decision(true, perMinute, probe.getRemainingTokens(), 0, reset)
                : new Decision(false, perMinute, 0, Math.max(1, seconds(probe.getNanosToWaitForRefill())), reset);
    }

    /**
     * Charges what was used beyond what {@link #take} took (a response's tokens are known only once it is done):
     * the bucket may go below zero, and the caller waits until it refills.
     */
    public void charge(String caller, long perMinute, long amount) {
        if (amount > 0) {
            bucket(caller, perMinute).consumeIgnoringRateLimits(amount);
        }
    }

    /** Removes up to {@code batch} rows of buckets that have refilled (shared store only). */
    public int removeExpired(int batch) {
        return store instanceof io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner cleaner
                ? cleaner.removeExpired(batch) : 0;
    }

    private Bucket bucket(String caller, long perMinute) {
        // a changed limit makes another bucket: the key carries it
        String key = caller + "@" + perMinute;
        Bucket known = buckets.get(key);
        if (known != null) {
            return known;
        }
        if (buckets.size() >= MAX_LOCAL_BUCKETS) {
            buckets.clear();
        }
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
        Bucket bucket = store == null ? Bucket.builder().addLimit(configuration.getBandwidths()[0]).build()
                : store.builder().withOptimization(Optimizations.delaying(sync)).build(key, () -> configuration);
        Bucket raced = buckets.putIfAbsent(key, bucket);
        return raced != null ? raced : bucket;
    }

    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}
