package io.fmp.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** catalog-service's own settings (shared ones: platform-runtime's PlatformConfig); see docs/configuration.md. */
@ConfigMapping(prefix = "fmp.catalog")
public interface CatalogConfig {

    Seed seed();

    interface Seed {
        /** Whether the 24 reference models of seed/models.yaml are registered at start when missing. */
        @WithDefault("true")
        boolean enabled();
    }
}
