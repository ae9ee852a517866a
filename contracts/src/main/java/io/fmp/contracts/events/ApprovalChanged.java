package io.fmp.contracts.events;

/**
 * {@code governance.approval-requested} and {@code governance.approval-decided} on {@link Topics#GOVERNANCE}:
 * a request to approve a model for a use case's production, and each approver's decision on it.
 * Subject: the request id.
 *
 * @param decision  approve or reject for a decision; null for the request
 * @param approvals distinct approvers who approved so far
 * @param state     the request's state after the change: pending, approved, rejected or expired
 */
public record ApprovalChanged(String requestId, String useCaseId, String modelId, String project, String decidedBy,
                              String decision, String reason, int approvals, int quorum, String state) {
}
