package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;

/**
 * Makes the audit trail append-only where the database can enforce it: PostgreSQL gets the triggers of
 * {@code db/postgresql/audit-append-only.sql}. H2 serves only the local launcher's single-user database, whose
 * file its user owns anyway; the signed checkpoints give tampering away there.
 */
public class V8__Audit_append_only extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute(sql());
        }
    }

    private static String sql() throws IOException {
        try (InputStream in = V8__Audit_append_only.class.getClassLoader()
                .getResourceAsStream("db/postgresql/audit-append-only.sql")) {
            if (in == null) {
                throw new IOException("db/postgresql/audit-append-only.sql is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
