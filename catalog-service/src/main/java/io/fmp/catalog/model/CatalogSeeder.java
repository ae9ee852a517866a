package io.fmp.catalog.model;

import io.fmp.catalog.CatalogConfig;
import io.fmp.contracts.identity.Principal;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Registers the seed models ({@code seed/models.yaml}) that the catalog does not have yet, through
 * the normal registration path, so governance audits them like any other card. Idempotent.
 */
@ApplicationScoped
public class CatalogSeeder {

    /** The seed catalog is everybody's: this service registers it in the shared project. */
    private static final Principal SEEDER = Principal.service("catalog-service");


    private static final Logger LOG = Logger.getLogger(CatalogSeeder.class);
    static final String SEED = "seed/models.yaml";

    @Inject
    ModelCatalog catalog;

    @Inject
    CatalogConfig config;

    void seed(@Observes StartupEvent event) {
        if (!config.seed().enabled()) {
            return;
        }
        List<ModelCardSpec> cards = CatalogYaml.parse(seedFile());
        int added = 0;
        for (ModelCardSpec card : cards) {
            if (!catalog.exists(card.name(), card.version())) {
                catalog.register(SEEDER, card);
                added++;
            }
        }
        LOG.infof("Seed catalog: %d of %d models added (the rest were present)", added, cards.size());
    }

    static String seedFile() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(SEED)) {
            if (in == null) {
                throw new IllegalStateException(SEED + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
