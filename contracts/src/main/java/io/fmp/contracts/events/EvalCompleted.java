package io.fmp.contracts.events;

import java.util.Map;

/**
 * {@code eval.completed} on {@link Topics#EVAL}: an evaluation run finished. Subject: the model id.
 * The catalog keeps the latest result per model and suite for model selection.
 *
 * @param suite        the suite's name (selection profiles name it as their quality suite)
 * @param metric       name of the suite's primary metric, e.g. {@code accuracy}
 * @param value        the primary metric, 0 to 1, higher is better (BLEU and chrF divided by 100)
 * @param p95LatencyMs p95 latency measured during the run, null if not measured
 * @param suiteVersion the suite version the run used
 * @param ciLower      lower end of the primary metric's 95 % bootstrap interval (0 to 1), null if none
 * @param ciUpper      upper end of that interval, null if none
 * @param metrics      every aggregate metric of the run on its own scale (BLEU 0-100, accuracy 0-1, ...)
 */
public record EvalCompleted(String runId, String modelId, String suite, String metric, double value,
                            Double p95LatencyMs, long examples, int suiteVersion, Double ciLower, Double ciUpper,
                            Map<String, Double> metrics) {

    public EvalCompleted {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
