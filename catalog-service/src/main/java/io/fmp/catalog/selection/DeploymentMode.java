package io.fmp.catalog.selection;

/** Where a model may run for a use case (the seeds' on-prem / cloud / hybrid / edge). */
public enum DeploymentMode {
    ON_PREM, CLOUD, HYBRID, EDGE
}
