package io.fmp.eval.suites;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.eval.datasets.Dataset;
import io.fmp.eval.datasets.DatasetFacts;
import io.fmp.eval.datasets.DatasetStore;
import io.fmp.platform.storage.Json;
import io.fmp.platform.hashing.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Creates suite versions (identical definitions are one version) and reads them. */
@ApplicationScoped
public class SuiteStore {

    private static final Logger LOG = Logger.getLogger(SuiteStore.class);

    /** @param created false when an identical definition existed already */
    public record Creation(Suite suite, boolean created) {
    }

    @Inject
    DatasetStore datasets;

    @Transactional
    public Creation create(SuiteRequest request) {
        if (request.dataset() == null || request.dataset().isBlank()) {
            throw new InvalidInputException("dataset", "is required");
        }
        Dataset dataset;
        try {
            dataset = datasets.get(request.dataset(), request.datasetVersion());
        } catch (ResourceNotFoundException missing) {
            throw new InvalidInputException(request.datasetVersion() == 0 ? "dataset" : "datasetVersion",
                    missing.getMessage());
        }
        DatasetFacts facts = dataset.facts();
        SuiteDefinition definition = SuiteValidator.validate(request, facts);
        String json = Json.write(definition);
        String hash = Sha256.hex(json);
        Suite same = Suite.<Suite>find("name = ?1 and definitionHash = ?2", definition.name(), hash).firstResult();
        if (same != null) {
            return new Creation(same, false);
        }
        Integer max = Suite.find("select max(version) from Suite where name = ?1", definition.name())
                .project(Integer.class).firstResult();
        Suite suite = new Suite();
        suite.id = UUID.randomUUID().toString();
        suite.name = definition.name();
        suite.version = max == null ? 1 : max + 1;
        suite.datasetId = dataset.id;
        suite.definition = json;
        suite.definitionHash = hash;
        suite.examples = facts.split(definition.split()).orElseThrow().examples();
        suite.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        suite.persist();
        LOG.infof("Created suite %s v%d: %s on %s v%d split '%s' (%d examples), metrics %s", suite.name, suite.version,
                definition.taskType().word(), dataset.name, dataset.version, definition.split(), suite.examples,
                definition.metrics().stream().map(m -> m.word).toList());
        return new Creation(suite, true);
    }

    /** The version, or the latest for version 0. */
    @Transactional
    public Suite get(String name, int version) {
        Suite suite = version == 0
                ? Suite.<Suite>find("name = ?1 order by version desc", name).firstResult()
                : Suite.<Suite>find("name = ?1 and version = ?2", name, version).firstResult();
        if (suite == null) {
            throw new ResourceNotFoundException("suite", name + (version == 0 ? "" : " version " + version));
        }
        return suite;
    }

    @Transactional
    public List<Suite> latest() {
        return Suite.<Suite>find("from Suite s1 where s1.version = "
                + "(select max(s2.version) from Suite s2 where s2.name = s1.name) order by s1.name")
                .list();
    }
}
