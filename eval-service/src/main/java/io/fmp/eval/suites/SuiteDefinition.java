package io.fmp.eval.suites;

import io.fmp.eval.scoring.MetricKind;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated suite: which examples, what the model is asked, how answers are scored. Stored as
 * one JSON document per version; identical documents are one version.
 *
 * @param datasetVersion the version the suite resolved at creation (never "latest")
 * @param split          the evaluated split; "" = every example
 * @param promptTemplate with the task's default filled in when none was given
 * @param metrics        in the order given; the task's defaults when none were given
 * @param primaryMetric  the metric leaderboards rank by
 */
public record SuiteDefinition(String name, String description, String dataset, int datasetVersion, String split,
                              TaskType taskType, String promptTemplate, List<MetricKind> metrics,
                              MetricKind primaryMetric, Decoding decoding, FewShot fewShot,
                              Map<String, String> labelDescriptions) {

    /** @param topP 0: not sent; @param maxTokens always set (the task's default when none was given) */
    public record Decoding(double temperature, int maxTokens, double topP, List<String> stop, boolean logprobs) {
        public Decoding {
            stop = List.copyOf(stop);
        }
    }

    /** @param count 0: no few-shot examples */
    public record FewShot(int count, String split, long seed) {
        public static final FewShot NONE = new FewShot(0, "", 0);
    }

    public SuiteDefinition {
        metrics = List.copyOf(metrics);
        labelDescriptions = new TreeMap<>(labelDescriptions);
        description = description == null ? "" : description;
    }

    public PromptTemplate template() {
        return PromptTemplate.parse(promptTemplate);
    }

    /** The words an encoder compares inputs with: the given description, else the label with spaces. */
    public String describe(String label) {
        String given = labelDescriptions.get(label);
        return given != null ? given : label.replace('_', ' ').replace('-', ' ').toLowerCase(java.util.Locale.ROOT);
    }
}
