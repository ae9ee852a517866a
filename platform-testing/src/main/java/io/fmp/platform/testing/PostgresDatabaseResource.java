package io.fmp.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives the Quarkus app under test its own freshly created PostgreSQL database; the name comes
 * from the {@code database} init argument.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null) {
            throw new IllegalArgumentException("PostgresDatabaseResource needs the init argument 'database'");
        }
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.jdbc.url", PostgresDatabase.recreate(database),
                "quarkus.datasource.username", PostgresDatabase.user(),
                "quarkus.datasource.password", PostgresDatabase.password());
    }

    @Override
    public void stop() {
        // kept for inspection after a failed run; recreated on the next one
    }
}
