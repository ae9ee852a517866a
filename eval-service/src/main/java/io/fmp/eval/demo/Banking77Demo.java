package io.fmp.eval.demo;

import io.fmp.contracts.identity.Principal;
import io.fmp.eval.EvalConfig;
import io.fmp.eval.datasets.Banking77;
import io.fmp.eval.datasets.DatasetReader;
import io.fmp.eval.datasets.DatasetStore;
import io.fmp.eval.suites.SuiteRequest;
import io.fmp.eval.suites.SuiteStore;
import io.fmp.eval.suites.TaskType;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The built-in demo use case: the Banking77 dataset with its deterministic train / validation /
 * test splits, and the suite {@value #SUITE} (intent classification on the test split), registered
 * at start through the normal paths. Idempotent: the same bytes and the same definition are found,
 * not registered again.
 */
@ApplicationScoped
public class Banking77Demo {

    /** The demo content is everybody's: this service registers it in the shared project. */
    private static final Principal SHARED_CONTENT = Principal.service("eval-service");


    public static final String DATASET = "banking77";
    public static final String SUITE = "banking77-intent";
    private static final Logger LOG = Logger.getLogger(Banking77Demo.class);

    @Inject
    DatasetStore datasets;

    @Inject
    SuiteStore suites;

    @Inject
    EvalConfig config;

    void seed(@Observes StartupEvent event) {
        if (!config.seed().enabled()) {
            return;
        }
        try {
            register();
        } catch (RuntimeException e) {
            // a replica starting at the same moment may have won the insert: the content is there either way
            LOG.warnf("Seeding the Banking77 demo did not complete (%s); trying once more", e.getMessage());
            register();
        }
    }

    private void register() {
        Path file = null;
        try {
            file = Files.createTempFile("banking77-", ".jsonl");
            Files.write(file, Banking77.splitJsonl(Banking77.load()));
            DatasetStore.Registration dataset = datasets.register(SHARED_CONTENT, DATASET, DatasetReader.Format.JSONL,
                    "PolyAI Banking77 (CC BY 4.0): online-banking customer queries labelled with 77 intents; "
                            + "split 80/10/10 by intent, deterministic (seed " + Banking77.SEED + ")", file);
            SuiteStore.Creation suite = suites.create(SHARED_CONTENT, new SuiteRequest(SUITE, "Route online-banking customer "
                    + "queries to the right one of 77 intents (Banking77 test split)", DATASET,
                    dataset.dataset().version, "test", TaskType.CLASSIFICATION, "", List.of("accuracy", "macro_f1"),
                    "accuracy", 0, 0, 0, List.of(), false, 0, "", 0, Map.of()));
            if (dataset.created() || suite.created()) {
                LOG.infof("Demo content ready: dataset %s v%d (%d examples), suite %s v%d (%d examples)", DATASET,
                        dataset.dataset().version, dataset.dataset().examples, SUITE, suite.suite().version,
                        suite.suite().examples);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }
}
