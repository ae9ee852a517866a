package io.fmp.eval.suites;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.SuiteRegistered;
import io.fmp.contracts.identity.Principal;
import io.fmp.eval.datasets.Dataset;
import io.fmp.eval.datasets.DatasetFacts;
import io.fmp.eval.datasets.DatasetStore;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.Json;
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

    @Inject
    Outbox outbox;

    @Transactional
    public Creation create(Principal caller, SuiteRequest request) {
        if (request.dataset() == null || request.dataset().isBlank()) {
            throw new InvalidInputException("dataset", "is required");
        }
        Dataset dataset;
        try {
            dataset = datasets.get(caller, request.dataset(), request.datasetVersion());
        } catch (ResourceNotFoundException missing) {
            throw new InvalidInputException(request.datasetVersion() == 0 ? "dataset" : "datasetVersion",
                    missing.getMessage());
        }
        DatasetFacts facts = dataset.facts();
        SuiteDefinition definition = SuiteValidator.validate(request, facts);
        String json = Json.write(definition);
        String hash = Sha256.hex(json);
        String project = caller.owningProject();
        Suite same = Suite.<Suite>find("project = ?1 and name = ?2 and definitionHash = ?3", project,
                definition.name(), hash).firstResult();
        if (same != null) {
            return new Creation(same, false);
        }
        Integer max = Suite.find("select max(version) from Suite where project = ?1 and name = ?2", project,
                definition.name()).project(Integer.class).firstResult();
        Suite suite = new Suite();
        suite.id = UUID.randomUUID().toString();
        suite.project = project;
        suite.name = definition.name();
        suite.version = max == null ? 1 : max + 1;
        suite.datasetId = dataset.id;
        suite.definition = json;
        suite.definitionHash = hash;
        suite.examples = facts.split(definition.split()).orElseThrow().examples();
        suite.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        suite.persist();
        outbox.emit(EventTypes.SUITE_REGISTERED, suite.id, new SuiteRegistered(suite.id, suite.name, suite.version, project,
                dataset.name, dataset.version, definition.taskType().word(), definition.primaryMetric().word,
                definition.metrics().stream().map(m -> m.word).toList(), suite.examples));
        LOG.infof("Created suite %s v%d: %s on %s v%d split '%s' (%d examples), metrics %s", suite.name, suite.version,
                definition.taskType().word(), dataset.name, dataset.version, definition.split(), suite.examples,
                definition.metrics().stream().map(m -> m.word).toList());
        return new Creation(suite, true);
    }

    /** The version, or the latest for version 0, in the caller's project or else the shared one. */
    @Transactional
    public Suite get(Principal caller, String name, int version) {
        Suite suite = find(caller, name, version);
        if (suite == null) {
            throw new ResourceNotFoundException("suite", name + (version == 0 ? "" : " version " + version));
        }
        return suite;
    }

    /** {@link #get}, or null: in the caller's transaction, which a missing suite does not mark for rollback. */
    public Suite find(Principal caller, String name, int version) {
        return caller.lookUpByName(project -> version == 0
                ? Suite.<Suite>find("project = ?1 and name = ?2 order by version desc", project, name).firstResult()
                : Suite.<Suite>find("project = ?1 and name = ?2 and version = ?3", project, name, version)
                .firstResult());
    }

    @Transactional
    public List<Suite> latest(Principal caller) {
        List<String> projects = caller.visibleProjects();
        String latest = "from Suite s1 where s1.version = (select max(s2.version) from Suite s2 "
                + "where s2.project = s1.project and s2.name = s1.name)";
        return projects == null ? Suite.<Suite>find(latest + " order by s1.name, s1.project").list()
                : Suite.<Suite>find(latest + " and s1.project in ?1 order by s1.name, s1.project", projects).list();
    }
}
