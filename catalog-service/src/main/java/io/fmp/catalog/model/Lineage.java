package io.fmp.catalog.model;

/**
 * Where a model version comes from; every part is optional (a foundation model has none).
 *
 * @param baseModelId   the catalog model it was derived from
 * @param artifactUri   where its weights, adapter or head are stored
 * @param tuningJobId   the tuning-service job that produced it
 * @param datasetSha256 SHA-256 (hex) of the training dataset
 */
public record Lineage(String baseModelId, ArtifactKind artifactKind, String artifactUri, String tuningJobId,
                      String datasetSha256) {

    public enum ArtifactKind {
        FULL_WEIGHTS, ADAPTER, HEAD
    }

    public boolean isEmpty() {
        return baseModelId == null && artifactKind == null && artifactUri == null && tuningJobId == null
                && datasetSha256 == null;
    }
}
