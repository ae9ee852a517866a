package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code suite.registered} on {@link Topics#EVAL}: a new version of an evaluation suite was stored. Subject: the
 * suite version's id.
 *
 * @param dataset        the dataset it reads, with the version it is pinned to
 * @param primaryMetric  the metric its results and leaderboards rank by
 */
public record SuiteRegistered(String suiteId, String name, int version, String project, String dataset,
                              int datasetVersion, String taskType, String primaryMetric, List<String> metrics,
                              long examples) {

    public SuiteRegistered {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
}
