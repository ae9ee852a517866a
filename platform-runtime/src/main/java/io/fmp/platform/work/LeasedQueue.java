package io.fmp.platform.work;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lease half of a leased work queue (eval-service's runs, tuning-service's jobs) over one table
 * with the columns {@code id, state, attempts, lease_owner, lease_until, lease_fence, updated_at}:
 * find the next unit, take it under a lease, hold (renew) it, release it. Plain JDBC on the caller's
 * connection and transaction, so a claim or a renewal commits together with what the caller writes.
 *
 * <p>Leases are taken and checked on the <b>database clock</b> ({@code CURRENT_TIMESTAMP}), never
 * this JVM's, so a replica whose clock is off cannot steal a live lease; and every take advances
 * {@code lease_fence}, so a holder that lost its unit (lease ran out, another replica took it)
 * cannot renew, write or finish it: each of those checks the fence it was given. The JVM clock only
 * stamps {@code updated_at} for people to read.
 */
public final class LeasedQueue {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * A unit this worker holds: {@code fence} is the value of {@code lease_fence} its take set.
     *
     * @param owner    who holds it, for people to read (logs, the unit's API)
     * @param duration how long each take or renewal lasts, on the database clock
     */
    public record Lease(String unitId, String owner, long fence, Duration duration) {
    }

    /**
     * The unit {@link #next} found, locked by the caller's transaction until it commits.
     *
     * @param attempts      takes so far
     * @param previousOwner the holder whose lease ran out, null for a queued unit
     */
    public record Candidate(String unitId, String state, int attempts, String previousOwner, long fence) {
        /** A unit whose worker stopped without finishing it (its lease ran out), not a queued one. */
        public boolean abandoned() {
            return previousOwner != null;
        }
    }

    private final String table;
    private final String queuedState;
    private final List<String> leasedStates;
    private final Clock clock;

    /**
     * @param table        the queue's table (an identifier from code, never input)
     * @param queuedState  the state of a unit waiting for its first take
     * @param leasedStates the states in which a unit is held under a lease (running, registering, ...)
     * @param clock        stamps {@code updated_at}; leases never read it
     */
    public LeasedQueue(String table, String queuedState, Set<String> leasedStates, Clock clock) {
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.table = table;
        this.queuedState = queuedState;
        this.leasedStates = List.copyOf(leasedStates);
        this.clock = clock;
    }

    /**
     * The first unit, in {@code orderBy} order, that is queued or whose lease ran out by the database
     * clock, among those {@code filter} admits; locked ({@code FOR UPDATE SKIP LOCKED}, so concurrent
     * claims pass each other instead of waiting). Empty when there is none.
     *
     * @param filter       an extra SQL condition with {@code ?} for {@code filterValues}, or empty
     * @param orderBy      columns from code, e.g. {@code "priority DESC, created_at"}
     */
    public Optional<Candidate> next(Connection connection, String filter, List<?> filterValues, String orderBy)
            throws SQLException {
        String sql = "SELECT id, state, attempts, lease_owner, lease_fence FROM " + table
                + " WHERE (state = ? OR (state IN (" + marks(leasedStates.size()) + ")"
                + " AND (lease_until IS NULL OR lease_until < CURRENT_TIMESTAMP)))"
                + (filter.isEmpty() ? "" : " AND (" + filter + ")")
                + " ORDER BY " + orderBy + " LIMIT 1 FOR UPDATE SKIP LOCKED";
        List<Object> values = new ArrayList<>();
        values.add(queuedState);
        values.addAll(leasedStates);
        values.addAll(filterValues);
        try (PreparedStatement select = prepare(connection, sql, values); ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            String state = rows.getString(2);
            return Optional.of(new Candidate(rows.getString(1), state, rows.getInt(3),
                    state.equals(queuedState) ? null : rows.getString(4), rows.getLong(5)));
        }
    }

    /**
     * Takes the candidate under a new lease: a queued unit moves to {@code takenState}, an abandoned
     * one keeps its state; attempts and the fence advance.
     */
    public Lease take(Connection connection, Candidate candidate, String owner, Duration duration, String takenState)
            throws SQLException {
        try (PreparedStatement update = prepare(connection, "UPDATE " + table + " SET state = ?, attempts = attempts + 1,"
                + " lease_owner = ?, lease_until = " + leaseEnd() + ", lease_fence = ?, updated_at = ?"
                + " WHERE id = ? AND lease_fence = ?", List.of(candidate.abandoned() ? candidate.state() : takenState,
                owner, duration.toMillis(), candidate.fence() + 1, now(), candidate.unitId(), candidate.fence()))) {
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("unit " + candidate.unitId() + " changed while locked");
            }
        }
        return new Lease(candidate.unitId(), owner, candidate.fence() + 1, duration);
    }

    /**
     * Renews the lease and locks the unit for the rest of the caller's transaction, if the lease
     * still holds it (same fence, still in a leased state). A lease that ran out but that nobody took
     * yet is renewed: a take locks the row and advances the fence, so the two cannot both succeed, and
     * giving up work that nobody else has started would only repeat it.
     *
     * @return false when the unit is no longer this lease's: taken over, cancelled or finished
     */
    public boolean hold(Connection connection, Lease lease) throws SQLException {
        return fenced(connection, "lease_until = " + leaseEnd(), lease, List.of(lease.duration().toMillis()));
    }

    /** Lets another worker (or this one after a restart) take the unit at once, if this lease holds it. */
    public boolean release(Connection connection, Lease lease) throws SQLException {
        return fenced(connection, "lease_until = NULL", lease, List.of());
    }

    private boolean fenced(Connection connection, String assignment, Lease lease, List<?> assignmentValues)
            throws SQLException {
        List<Object> values = new ArrayList<>(assignmentValues);
        values.add(now());
        values.add(lease.unitId());
        values.add(lease.fence());
        values.addAll(leasedStates);
        try (PreparedStatement update = prepare(connection, "UPDATE " + table + " SET " + assignment + ", updated_at = ?"
                + " WHERE id = ? AND lease_fence = ? AND state IN (" + marks(leasedStates.size()) + ")", values)) {
            return update.executeUpdate() == 1;
        }
    }

    /** The database clock plus the lease's milliseconds (one parameter), as PostgreSQL and H2 both read it. */
    private static String leaseEnd() {
        return "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<?> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
