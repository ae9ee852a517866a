package io.fmp.catalog.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * An evaluation result the publisher reports on the model card (a Hugging Face {@code model-index}
 * entry). Keys the catalog does not model are kept in {@code extras} as JSON by their path (e.g.
 * {@code metric.verifyToken}), so a card survives import and export unchanged.
 */
public record ReportedResult(String taskType, String taskName, String datasetType, String datasetName,
                             String datasetConfig, String datasetSplit, String metricType, String metricName,
                             double value, boolean verified, Map<String, String> extras) {

    public ReportedResult {
        extras = extras == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new TreeMap<>(extras));
    }
}
