package io.fmp.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh database on the real PostgreSQL server the tests use: 127.0.0.1:5432 with trust auth
 * by default ({@code .ci/run} installs and starts one where none runs), or {@code FMP_TEST_PG_HOST},
 * {@code FMP_TEST_PG_PORT}, {@code FMP_TEST_PG_USER}, {@code FMP_TEST_PG_PASSWORD}.
 */
public final class PostgresDatabase {

    private PostgresDatabase() {
    }

    public static String user() {
        return env("FMP_TEST_PG_USER", "postgres");
    }

    public static String password() {
        return env("FMP_TEST_PG_PASSWORD", "");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + env("FMP_TEST_PG_HOST", "127.0.0.1") + ":" + env("FMP_TEST_PG_PORT", "5432")
                + "/" + database;
    }

    /** Drops {@code database} if it exists and creates it empty; returns its JDBC URL. */
    public static String recreate(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a safe database name: " + database);
        }
        try (Connection admin = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + jdbcUrl("postgres")
                    + " is not usable (run .ci/run, or set FMP_TEST_PG_*): " + e.getMessage(), e);
        }
        return jdbcUrl(database);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
