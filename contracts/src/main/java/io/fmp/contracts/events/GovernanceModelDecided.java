package io.fmp.contracts.events;

/**
 * {@code governance.model-decided} on {@link Topics#GOVERNANCE}: a governance decision about a
 * model version. The catalog keeps the latest decision per model as its governance-status read
 * model; approved models become lifecycle state approved. Subject: the model id.
 *
 * @param decision   {@code approved}, {@code rejected} or {@code revoked}
 * @param decisionId governance-service's id of the decision
 * @param decidedBy  the approver's role or name, never a credential
 */
public record GovernanceModelDecided(String decisionId, String modelId, String decision, String decidedBy,
                                     String reason) {

    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String REVOKED = "revoked";
}
