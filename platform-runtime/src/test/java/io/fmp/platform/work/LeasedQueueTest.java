package io.fmp.platform.work;

import io.fmp.platform.testing.PostgresDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leased queue against both databases the services run on (a real PostgreSQL and H2 in
 * PostgreSQL mode), with workers whose clocks are a minute off: leases follow the database clock
 * and the fence, never a worker's clock.
 */
class LeasedQueueTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static Connection connect(String database) throws SQLException {
        Connection connection = database.equals("postgresql")
                ? DriverManager.getConnection(PostgresDatabase.jdbcUrl("fmp_leases_test"), PostgresDatabase.user(),
                PostgresDatabase.password())
                : DriverManager.getConnection("jdbc:h2:mem:leases;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        connection.setAutoCommit(false);
        return connection;
    }

    /** A fresh table with units u1..u{count}, queued in that order. */
    private static void units(String database, int count) throws SQLException {
        if (database.equals("postgresql")) {
            PostgresDatabase.recreate("fmp_leases_test");
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS work_unit");
            s.execute("CREATE TABLE work_unit (id VARCHAR(40) PRIMARY KEY, state VARCHAR(20) NOT NULL,"
                    + " attempts INTEGER NOT NULL DEFAULT 0, lease_owner VARCHAR(100),"
                    + " lease_until TIMESTAMP WITH TIME ZONE, lease_fence BIGINT NOT NULL DEFAULT 0,"
                    + " updated_at TIMESTAMP WITH TIME ZONE, position INTEGER NOT NULL)");
            for (int i = 1; i <= count; i++) {
                s.execute("INSERT INTO work_unit (id, state, position) VALUES ('u" + i + "', 'QUEUED', " + i + ")");
            }
            c.commit();
        }
    }

    private static LeasedQueue queue(Clock clock) {
        return new LeasedQueue("work_unit", "QUEUED", Set.of("RUNNING", "REGISTERING"), clock);
    }

    private static Clock skewed(Duration by) {
        return Clock.offset(Clock.systemUTC(), by);
    }

    /** One claim in its own transaction, as the workers make them. */
    private static Optional<LeasedQueue.Lease> claim(String database, LeasedQueue queue, String owner, Duration lease)
            throws SQLException {
        try (Connection c = connect(database)) {
            Optional<LeasedQueue.Candidate> next = queue.next(c, "", List.of(), "position");
            Optional<LeasedQueue.Lease> taken = next.isEmpty() ? Optional.empty()
                    : Optional.of(queue.take(c, next.get(), owner, lease, "RUNNING"));
            c.commit();
            return taken;
        }
    }

    private static boolean hold(String database, LeasedQueue queue, LeasedQueue.Lease lease) throws SQLException {
        try (Connection c = connect(database)) {
            boolean held = queue.hold(c, lease);
            c.commit();
            return held;
        }
    }

    private static String column(String database, String column, String id) throws SQLException {
        try (Connection c = connect(database);
             PreparedStatement select = c.prepareStatement("SELECT " + column + " FROM work_unit WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** Waits until the database clock is past every lease it handed out (the tests' leases are 1 s). */
    private static void letLeasesRunOut(String database) throws Exception {
        Thread.sleep(1_200);
        try (Connection c = connect(database); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM work_unit WHERE lease_until >= CURRENT_TIMESTAMP")) {
            rows.next();
            assertEquals(0, rows.getInt(1), "the database clock passed every lease");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aWorkerWhoseClockIsAMinuteAheadCannotStealALiveLease(String database) throws Exception {
        units(database, 1);
        LeasedQueue onTime = queue(Clock.systemUTC());
        LeasedQueue ahead = queue(skewed(MINUTE));
        LeasedQueue.Lease held = claim(database, onTime, "on-time/1", Duration.ofSeconds(30)).orElseThrow();
        assertEquals(1, held.fence());

        // by its own clock the 30 s lease ended half a minute ago; by the database's it has 30 s to go
        assertTrue(claim(database, ahead, "ahead/1", Duration.ofSeconds(30)).isEmpty());
        assertEquals("on-time/1", column(database, "lease_owner", "u1"));
        assertTrue(hold(database, onTime, held), "the holder renews undisturbed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aWorkerWhoseClockIsAMinuteBehindCannotRenewOrReleaseAUnitTakenFromIt(String database) throws Exception {
        units(database, 1);
        LeasedQueue behind = queue(skewed(MINUTE.negated()));
        LeasedQueue other = queue(Clock.systemUTC());
        LeasedQueue.Lease lost = claim(database, behind, "behind/1", Duration.ofSeconds(1)).orElseThrow();

        letLeasesRunOut(database);
        LeasedQueue.Lease taken = claim(database, other, "other/1", Duration.ofSeconds(30)).orElseThrow();
        assertEquals(2, taken.fence(), "every take advances the fence");
        assertEquals("2", column(database, "attempts", "u1"));
        assertEquals("RUNNING", column(database, "state", "u1"), "a taken-over unit keeps its state");

        // by its own clock its lease is still a minute from ending: the fence says otherwise
        assertFalse(hold(database, behind, lost));
        try (Connection c = connect(database)) {
            assertFalse(behind.release(c, lost));
            c.commit();
        }
        assertEquals("other/1", column(database, "lease_owner", "u1"));
        assertTrue(hold(database, other, taken));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aLateHeartbeatKeepsAUnitNobodyTookAndAfterItNobodyCanTakeIt(String database) throws Exception {
        units(database, 1);
        LeasedQueue queue = queue(Clock.systemUTC());
        LeasedQueue.Lease late = claim(database, queue, "late/1", Duration.ofSeconds(1)).orElseThrow();

        letLeasesRunOut(database);
        // a pause (GC, a slow write) made the heartbeat late, but nobody took the unit: the work goes on
        assertTrue(hold(database, queue, late));
        assertTrue(claim(database, queue, "next/1", Duration.ofSeconds(30)).isEmpty(), "renewed, so not abandoned");
        assertEquals("late/1", column(database, "lease_owner", "u1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void concurrentClaimsPassEachOtherAndAReleasedUnitIsTakenAtOnce(String database) throws Exception {
        units(database, 2);
        LeasedQueue queue = queue(Clock.systemUTC());
        try (Connection first = connect(database)) {
            LeasedQueue.Candidate locked = queue.next(first, "", List.of(), "position").orElseThrow();
            assertEquals("u1", locked.unitId());
            assertNull(locked.previousOwner());
            // u1 is locked by the open transaction: a second claim skips it instead of waiting. PostgreSQL
            // then finds u2; H2 (the local launcher's single replica) applies LIMIT before skipping and finds none
            Optional<LeasedQueue.Lease> second = claim(database, queue, "w/2", Duration.ofSeconds(30));
            assertEquals(database.equals("postgresql") ? Optional.of("u2") : Optional.empty(),
                    second.map(LeasedQueue.Lease::unitId));
            LeasedQueue.Lease firstLease = queue.take(first, locked, "w/1", Duration.ofSeconds(30), "RUNNING");
            first.commit();

            if (second.isEmpty()) {
                assertEquals("u2", claim(database, queue, "w/2", Duration.ofSeconds(30)).orElseThrow().unitId());
            }
            assertTrue(claim(database, queue, "w/3", Duration.ofSeconds(30)).isEmpty(), "both are leased");
            try (Connection c = connect(database)) {
                assertTrue(queue.release(c, firstLease));
                c.commit();
            }
            LeasedQueue.Lease again = claim(database, queue, "w/4", Duration.ofSeconds(30)).orElseThrow();
            assertEquals("u1", again.unitId());
            assertFalse(hold(database, queue, firstLease), "the released lease is gone");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aFinishedOrCancelledUnitIsNoLongerHeldNorClaimed(String database) throws Exception {
        units(database, 1);
        LeasedQueue queue = queue(Clock.systemUTC());
        LeasedQueue.Lease lease = claim(database, queue, "w/1", Duration.ofSeconds(1)).orElseThrow();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("UPDATE work_unit SET state = 'CANCELLED' WHERE id = 'u1'");
            c.commit();
        }
        assertFalse(hold(database, queue, lease));
        letLeasesRunOut(database);
        assertTrue(claim(database, queue, "w/2", Duration.ofSeconds(1)).isEmpty());
    }
}
