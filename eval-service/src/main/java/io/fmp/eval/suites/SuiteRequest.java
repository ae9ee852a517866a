package io.fmp.eval.suites;

import java.util.List;
import java.util.Map;

/**
 * A suite as a client asked for it, before validation: metric names as words, zeros for "default".
 *
 * @param taskType null when the client named none
 */
public record SuiteRequest(String name, String description, String dataset, int datasetVersion, String split,
                           TaskType taskType, String promptTemplate, List<String> metrics, String primaryMetric,
                           double temperature, int maxTokens, double topP, List<String> stop, boolean logprobs,
                           int fewShotCount, String fewShotSplit, long fewShotSeed,
                           Map<String, String> labelDescriptions) {
}
