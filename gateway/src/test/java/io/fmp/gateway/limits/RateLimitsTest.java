package io.fmp.gateway.limits;

import io.fmp.platform.testing.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Buckets in a real PostgreSQL: two gateway replicas (two {@link RateLimits} over one database) draw
 * from the same bucket, so a caller gets its limit once, not once per replica.
 */
class RateLimitsTest {

    private static PGSimpleDataSource database;

    @BeforeAll
    static void database() {
        database = new PGSimpleDataSource();
        database.setUrl(PostgresDatabase.recreate("fmp_gateway_limits_test"));
        database.setUser(PostgresDatabase.user());
        database.setPassword(PostgresDatabase.password());
    }

    @Test
    void twoReplicasShareOneBucket() {
        RateLimits first = RateLimits.shared(database, 1, Duration.ofMillis(1));
        RateLimits second = RateLimits.shared(database, 1, Duration.ofMillis(1));
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            if ((i % 2 == 0 ? first : second).take("key:shared", 20).allowed()) {
                allowed++;
            }
        }
        // each replica may hold one request it has not synchronised yet
        assertTrue(allowed >= 20 && allowed <= 22, "20 requests a minute across both replicas, got " + allowed);
        RateLimits.Decision refused = second.take("key:shared", 20);
        assertFalse(refused.allowed());
        assertEquals(20, refused.limit());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 3,
                "one request refills in 3 s at 20 a minute: " + refused);
        assertTrue(first.take("key:another", 20).allowed(), "every caller has a bucket of its own");
    }

    @Test
    void aLocalBucketCountsForOneProcess() {
        RateLimits limits = RateLimits.local();
        for (int i = 0; i < 5; i++) {
            RateLimits.Decision decision = limits.take("key:local", 5);
            assertTrue(decision.allowed());
            assertEquals(4 - i, decision.remaining());
        }
        RateLimits.Decision refused = limits.take("key:local", 5);
        assertFalse(refused.allowed());
        assertTrue(refused.resetSeconds() >= 59, "the bucket is full again a minute after it emptied: " + refused);
        assertTrue(limits.take("key:local", 6).allowed(), "a changed limit starts a new bucket");
    }
}
