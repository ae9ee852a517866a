package io.fmp.catalog;

import io.fmp.platform.testing.LocalSchema;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./fmp up keeps this service's data in H2: its migrations must run there as they do on PostgreSQL. */
class LocalSchemaTest {

    @Test
    void theMigrationsRunOnTheLaunchersH2Database() {
        assertTrue(LocalSchema.migrate() >= 2, "the platform's migrations and the service's own");
    }
}
