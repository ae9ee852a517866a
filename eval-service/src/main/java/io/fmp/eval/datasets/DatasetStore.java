package io.fmp.eval.datasets;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.events.DatasetRegistered;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.identity.Principal;
import io.fmp.eval.storage.Names;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.Json;
import io.fmp.platform.storage.SqlWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Registers dataset versions and reads them back. A file is parsed as a stream and its examples
 * written in batches inside one transaction: a file with any bad row leaves nothing behind, and a
 * large file is never held in memory.
 */
@ApplicationScoped
public class DatasetStore {

    private static final Logger LOG = Logger.getLogger(DatasetStore.class);
    public static final int LABELS_LISTED = 1_000;
    /** distinct labels counted exactly up to here; beyond, the count says "at least" */
    static final int LABELS_TRACKED = 100_000;
    private static final int BATCH = 500;

    /** @param created false when the same bytes were registered under the name before */
    public record Registration(Dataset dataset, boolean created) {
    }

    @Inject
    SqlWork sql;

    @Inject
    Outbox outbox;

    /** @param file the uploaded bytes, staged by the caller */
    @Transactional
    public Registration register(Principal caller, String name, DatasetReader.Format format, String description,
                                 Path file) {
        List<FieldViolation> header = new ArrayList<>();
        Names.check("name", name, header);
        if (format == null) {
            header.add(new FieldViolation("format", "is required: jsonl or csv"));
        }
        if (description != null && description.length() > 2000) {
            header.add(new FieldViolation("description", "must be at most 2000 characters"));
        }
        if (!header.isEmpty()) {
            throw new InvalidInputException(header);
        }
        String sha256 = sha256(file);
        String project = caller.owningProject();
        Dataset same = Dataset.<Dataset>find("project = ?1 and name = ?2 and sha256 = ?3", project, name, sha256)
                .firstResult();
        if (same != null) {
            return new Registration(same, false);
        }
        Dataset dataset = new Dataset();
        dataset.id = UUID.randomUUID().toString();
        dataset.project = project;
        dataset.name = name;
        dataset.version = nextVersion(project, name);
        dataset.format = format.name().toLowerCase(java.util.Locale.ROOT);
        dataset.description = description == null || description.isBlank() ? null : description;
        dataset.sha256 = sha256;
        dataset.splits = "[]";
        dataset.labels = "[]";
        dataset.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        dataset.persist();

        Counts counts = sql.apply(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(ExampleRows.INSERT);
                 InputStream in = Files.newInputStream(file)) {
                Counts c = new Counts();
                DatasetReader.Summary summary = DatasetReader.read(in, format, example -> {
                    try {
                        ExampleRows.bind(insert, dataset.id, (int) c.examples, example);
                        insert.addBatch();
                        c.add(example);
                        if (c.examples % BATCH == 0) {
                            insert.executeBatch();
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException("writing example at line " + example.line() + " failed", e);
                    }
                });
                insert.executeBatch();
                c.summary = summary;
                return c;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        DatasetReader.Summary summary = counts.summary;
        if (!summary.valid() || summary.examples() == 0) {
            // the transaction rolls back: no row of this file stays
            throw new InvalidInputException(rowViolations(summary));
        }
        dataset.bytes = summary.bytes();
        dataset.examples = summary.examples();
        dataset.splits = Json.write(counts.splits());
        dataset.labels = Json.write(counts.labels.stream().limit(LABELS_LISTED).toList());
        dataset.labelCount = counts.labels.size();
        dataset.withReferences = counts.withReferences;
        dataset.withChoices = counts.withChoices;
        outbox.emit(EventTypes.DATASET_REGISTERED, dataset.id, new DatasetRegistered(dataset.id, name, dataset.version,
                project, sha256, dataset.examples));
        LOG.infof("Registered dataset %s v%d: %d examples, splits %s, %d labels, sha256 %s", name, dataset.version,
                dataset.examples, counts.splits().stream().map(DatasetFacts.SplitFacts::name).toList(),
                dataset.labelCount, sha256);
        return new Registration(dataset, true);
    }

    /** Every bad row by line and field: {@code line[12].label}. */
    static List<FieldViolation> rowViolations(DatasetReader.Summary summary) {
        List<FieldViolation> violations = new ArrayList<>();
        if (summary.errorCount() == 0) {
            violations.add(new FieldViolation("file", "holds no examples"));
            return violations;
        }
        violations.add(new FieldViolation("file", summary.errorCount() + " problem" + (summary.errorCount() == 1 ? "" : "s")
                + " in the rows" + (summary.errorCount() > summary.errors().size()
                ? "; the first " + summary.errors().size() + " are listed" : "") + "; nothing was stored"));
        for (DatasetReader.RowError error : summary.errors()) {
            violations.add(new FieldViolation("line[" + error.line() + "]." + error.field(), error.message()));
        }
        return violations;
    }

    /** The version, or the latest for version 0, in the caller's project or else the shared one. */
    @Transactional
    public Dataset get(Principal caller, String name, int version) {
        Dataset dataset = caller.lookUpByName(project -> version == 0
                ? Dataset.<Dataset>find("project = ?1 and name = ?2 order by version desc", project, name).firstResult()
                : Dataset.<Dataset>find("project = ?1 and name = ?2 and version = ?3", project, name, version)
                .firstResult());
        if (dataset == null) {
            throw new ResourceNotFoundException("dataset", name + (version == 0 ? "" : " version " + version));
        }
        return dataset;
    }

    /** The latest version of every dataset, by name. */
    @Transactional
    public List<Dataset> latest(Principal caller) {
        List<String> projects = caller.visibleProjects();
        String latest = "from Dataset d1 where d1.version = (select max(d2.version) from Dataset d2 "
                + "where d2.project = d1.project and d2.name = d1.name)";
        return projects == null ? Dataset.<Dataset>find(latest + " order by d1.name, d1.project").list()
                : Dataset.<Dataset>find(latest + " and d1.project in ?1 order by d1.name, d1.project", projects).list();
    }

    public record Page(Dataset dataset, List<ExampleRows.Numbered> examples, long total) {
    }

    @Transactional
    public Page preview(Principal caller, String name, int version, String split, int offset, int limit) {
        List<FieldViolation> violations = new ArrayList<>();
        if (offset < 0) {
            violations.add(new FieldViolation("offset", "must not be negative"));
        }
        if (limit < 1 || limit > 500) {
            violations.add(new FieldViolation("limit", "must be between 1 and 500"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Dataset dataset = get(caller, name, version);
        DatasetFacts facts = dataset.facts();
        if (!split.isEmpty() && facts.split(split).isEmpty()) {
            throw new InvalidInputException("split", "dataset " + name + " v" + dataset.version + " has no split '"
                    + split + "'; it has " + facts.splitNames());
        }
        long total = facts.split(split).orElseThrow().examples();
        List<ExampleRows.Numbered> examples = sql.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ExampleRows.COLUMNS
                    + " FROM dataset_example e WHERE e.dataset_id = ? AND (? = '' OR e.split = ?)"
                    + " ORDER BY e.ordinal LIMIT ? OFFSET ?")) {
                select.setString(1, dataset.id);
                select.setString(2, split);
                select.setString(3, split);
                select.setInt(4, limit);
                select.setInt(5, offset);
                List<ExampleRows.Numbered> page = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        page.add(ExampleRows.read(rows));
                    }
                }
                return page;
            }
        });
        return new Page(dataset, examples, total);
    }

    /**
     * {@code count} distinct examples of a split chosen by a seeded random draw over its positions:
     * the same seed gives the same examples (few-shot prompts are reproducible).
     */
    @Transactional
    public List<DatasetExample> sample(String datasetId, String split, long splitSize, int count, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        java.util.LinkedHashSet<Long> offsets = new java.util.LinkedHashSet<>();
        while (offsets.size() < Math.min(count, splitSize)) {
            offsets.add(random.nextLong(splitSize));
        }
        return sql.apply(connection -> {
            List<DatasetExample> shots = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ExampleRows.COLUMNS
                    + " FROM dataset_example e WHERE e.dataset_id = ? AND e.split = ? ORDER BY e.ordinal LIMIT 1 OFFSET ?")) {
                for (long offset : offsets) {
                    select.setString(1, datasetId);
                    select.setString(2, split);
                    select.setLong(3, offset);
                    try (ResultSet rows = select.executeQuery()) {
                        if (rows.next()) {
                            shots.add(ExampleRows.read(rows).example());
                        }
                    }
                }
            }
            return shots;
        });
    }

    private static int nextVersion(String project, String name) {
        Integer max = Dataset.find("select max(version) from Dataset where project = ?1 and name = ?2", project, name)
                .project(Integer.class).firstResult();
        return max == null ? 1 : max + 1;
    }

    private static String sha256(Path file) {
        MessageDigest digest = Sha256.digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** What registration counts while the rows stream by. */
    private static final class Counts {
        final Map<String, long[]> bySplit = new TreeMap<>();
        final Set<String> seenLabels = new HashSet<>();
        final TreeSet<String> labels = new TreeSet<>();
        long examples;
        long withReferences;
        long withChoices;
        DatasetReader.Summary summary;

        void add(DatasetExample example) {
            examples++;
            long[] split = bySplit.computeIfAbsent(example.split(), s -> new long[4]);
            split[0]++;
            if (example.label() != null) {
                split[1]++;
                if (seenLabels.size() < LABELS_TRACKED && seenLabels.add(example.label())) {
                    labels.add(example.label());
                }
            }
            if (!example.references().isEmpty()) {
                split[2]++;
                withReferences++;
            }
            if (!example.choices().isEmpty()) {
                split[3]++;
                withChoices++;
            }
        }

        List<DatasetFacts.SplitFacts> splits() {
            return bySplit.entrySet().stream().map(e -> new DatasetFacts.SplitFacts(e.getKey(), e.getValue()[0],
                    e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList();
        }
    }
}
