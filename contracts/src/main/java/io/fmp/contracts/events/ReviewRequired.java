package io.fmp.contracts.events;

/**
 * {@code governance.review-required} on {@link Topics#GOVERNANCE}: something a use case's decision rested on
 * changed and the use case went under review. Subject: the use case id.
 *
 * @param trigger new-model-version, new-dataset-version, eval-below-threshold, approval-revoked, input-drift,
 *                scheduled-review or re-evaluation-failed
 * @param detail  what changed, e.g. the new version's id
 */
public record ReviewRequired(String useCaseId, String project, String trigger, String detail) {
}
