package io.fmp.platform.testing;

import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.UUID;

/**
 * The launcher's local profile keeps each service's data in an H2 file database in PostgreSQL
 * mode; the tests run on PostgreSQL. This applies a service's migrations (the shared platform ones,
 * then its own) to an in-memory H2 database opened with the local profile's own URL settings, so a
 * migration H2 cannot read fails a test instead of {@code ./fmp up}.
 */
public final class LocalSchema {

    private static final String LOCAL_URL = "%local.quarkus.datasource.jdbc.url";

    private LocalSchema() {
    }

    /** Migrates a fresh H2 database as the service's local profile opens it; returns the migrations applied. */
    public static int migrate() {
        // as MicroProfile Config layers them: the shared defaults of platform-runtime, then the service's own
        Properties properties = new Properties();
        try {
            for (java.net.URL shared : java.util.Collections.list(LocalSchema.class.getClassLoader()
                    .getResources("META-INF/microprofile-config.properties"))) {
                try (InputStream in = shared.openStream()) {
                    properties.load(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!load(properties, "application.properties")) {
            throw new IllegalStateException("no application.properties on the class path");
        }
        String url = properties.getProperty(LOCAL_URL);
        if (url == null || !url.startsWith("jdbc:h2:file:") || !url.contains(";")) {
            throw new IllegalStateException(LOCAL_URL + " is not an H2 file URL with settings: " + url);
        }
        String memoryUrl = "jdbc:h2:mem:local-" + UUID.randomUUID() + url.substring(url.indexOf(';'))
                + ";DB_CLOSE_DELAY=-1";
        String[] locations = properties.getProperty("quarkus.flyway.locations", "db/migration").split(",");
        return Flyway.configure().dataSource(memoryUrl, "sa", "").locations(locations).load().migrate()
                .migrationsExecuted;
    }

    private static boolean load(Properties properties, String resource) {
        try (InputStream in = LocalSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            properties.load(in);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
