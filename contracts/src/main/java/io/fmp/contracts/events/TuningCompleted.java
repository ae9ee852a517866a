package io.fmp.contracts.events;

import java.util.Map;

/**
 * {@code tuning.completed} on {@link Topics#TUNING}: a job trained and registered its model as a
 * new catalog version. eval-service runs {@code evalSuite} on it. Subject: the job id.
 *
 * @param modelId    the tuned model's catalog id
 * @param method     classifier-head, prompt-tuning, lora, qlora or full
 * @param evalSuite  the suite to evaluate the tuned model on; null for none
 * @param metrics    final training metrics (e.g. eval_loss, eval_accuracy)
 * @param project    the job's project, which owns the tuned model and its evaluation
 */
public record TuningCompleted(String jobId, String baseModelId, String modelId, String method, String artifactUri,
                              String datasetSha256, String evalSuite, Map<String, Double> metrics, double gpuHours,
                              double cpuHours, double usd, double kwh, double kgCo2, String project) {

    public TuningCompleted {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        // events from before projects: the job was everybody's
        project = project == null ? "shared" : project;
    }
}
