package io.fmp.contracts.events;

/**
 * {@code governance.factsheet-generated} on {@link Topics#GOVERNANCE}: a factsheet version of a model in a use case
 * was generated from the facts; its SHA-256 (of the Markdown) lands in the audit log. Subject: the use case id.
 */
public record FactsheetGenerated(String factsheetId, String useCaseId, String modelId, String project, int version,
                                 String sha256) {
}
