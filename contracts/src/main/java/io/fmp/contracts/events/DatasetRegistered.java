package io.fmp.contracts.events;

/**
 * {@code dataset.registered} on {@link Topics#EVAL}: a new version of a dataset was stored (an upload with the
 * same content gives the existing version back and no event). Subject: the dataset version's id.
 *
 * @param sha256   SHA-256 of the uploaded file
 * @param examples rows stored
 */
public record DatasetRegistered(String datasetId, String name, int version, String project, String sha256,
                                long examples) {
}
