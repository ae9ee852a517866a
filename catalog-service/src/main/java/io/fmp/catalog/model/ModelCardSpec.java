package io.fmp.catalog.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller says about a model version; validated by {@link ModelCardValidator}. Its content
 * (identity, size, licence, tasks, facts that describe the weights, lineage, reported results) is
 * immutable once registered; {@link MutableField} lists what an update may change.
 *
 * @param properties    free-form metadata
 * @param lineage       never null; empty for a foundation model
 * @param documentation the model card's Markdown body, null when there is none
 */
public record ModelCardSpec(String name, String provider, String version, long parameterCount, String license,
                            int contextWindow, List<String> tasks, ModelFacts facts, List<ServingEndpoint> endpoints,
                            Map<String, String> properties, Lineage lineage, List<ReportedResult> reportedResults,
                            String documentation) {

    public static final Lineage NO_LINEAGE = new Lineage(null, null, null, null, null);

    public ModelCardSpec {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        facts = facts == null ? ModelFacts.none() : facts;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        lineage = lineage == null ? NO_LINEAGE : lineage;
        reportedResults = reportedResults == null ? List.of() : List.copyOf(reportedResults);
    }

    /** A card with facts but no endpoints, properties, lineage, results or documentation. */
    public ModelCardSpec(String name, String provider, String version, long parameterCount, String license,
                         int contextWindow, List<String> tasks, ModelFacts facts) {
        this(name, provider, version, parameterCount, license, contextWindow, tasks, facts, List.of(), Map.of(),
                NO_LINEAGE, List.of(), null);
    }

    /** A card with identity facts only. */
    public ModelCardSpec(String name, String provider, String version, long parameterCount, String license,
                         int contextWindow, List<String> tasks) {
        this(name, provider, version, parameterCount, license, contextWindow, tasks, ModelFacts.none());
    }
}
