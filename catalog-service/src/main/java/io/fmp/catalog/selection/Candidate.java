package io.fmp.catalog.selection;

import java.util.List;
import java.util.Set;

/**
 * Everything the engine knows about one model: catalog facts plus the read models of evaluation
 * results and governance status. Unknown measurements are null.
 *
 * @param dataRegions     regions where a hosted API processes data; empty for self-hosted models
 *                        (they run where they are deployed)
 * @param gpuMemoryGb     serving memory from the fit estimate; null for API models (no own GPUs)
 * @param quality         the use case's quality metric on its eval suite, 0 to 1
 * @param p95LatencyMs    measured p95 latency
 * @param costPer1000Requests from the TCO estimate for the use case's workload
 */
public record Candidate(String modelId, String name, String version, List<String> tasks,
                        Set<DeploymentMode> deploymentModes, Set<String> dataRegions, String license,
                        boolean commercialUse, int contextWindow, Double gpuMemoryGb, boolean approved,
                        Double quality, Double p95LatencyMs, Double costPer1000Requests,
                        TrainingDataTransparency trainingData, boolean ipIndemnity) {

    public Candidate {
        // copyOf returns immutable inputs as they are: building candidates per request stays cheap
        tasks = List.copyOf(tasks);
        deploymentModes = Set.copyOf(deploymentModes);
        dataRegions = Set.copyOf(dataRegions);
    }

    public String label() {
        return name + " " + version;
    }

    /** This candidate with measurements for one use case. */
    public Candidate measured(Double qualityScore, Double p95, Double cost) {
        return new Candidate(modelId, name, version, tasks, deploymentModes, dataRegions, license, commercialUse,
                contextWindow, gpuMemoryGb, approved, qualityScore, p95, cost, trainingData, ipIndemnity);
    }
}
