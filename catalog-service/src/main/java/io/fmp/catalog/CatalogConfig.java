package io.fmp.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** catalog-service's own settings (shared ones: platform-runtime's PlatformConfig); see docs/configuration.md. */
@ConfigMapping(prefix = "fmp.catalog")
public interface CatalogConfig {

    Seed seed();

    Gates gates();

    /** Where the catalog asks governance-service before it acts (docs/governance.md). */
    interface Gates {
        /**
         * Aliases that move only when governance's production gate allows (every use case relying on the model
         * passes its policies); an unreachable governance-service refuses the move. Empty: no alias is protected.
         */
        @WithDefault("production")
        java.util.List<String> protectedAliases();
    }

    interface Seed {
        /** Whether the 24 reference models of seed/models.yaml are registered at start when missing. */
        @WithDefault("true")
        boolean enabled();
    }
}
