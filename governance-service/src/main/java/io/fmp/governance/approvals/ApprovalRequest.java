package io.fmp.governance.approvals;

import io.fmp.governance.facts.FactsGeneration;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A request to approve a model for a use case's production, with the evidence it was made on. */
@Entity
@EntityListeners(FactsGeneration.Listener.class)
@Table(name = "approval_request")
public class ApprovalRequest extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
    public static final String REVOKED = "revoked";

    @Id
    public String id;

    @Column(name = "use_case_id")
    public String useCaseId;

    @Column(name = "model_id")
    public String modelId;

    @Column(name = "requested_by")
    public String requestedBy;

    public String reason;

    /** Distinct approvers it needs: the tier's quorum when it was made. */
    public int quorum;

    public String state;

    /** The facts the request was made on (tier, obligations, evaluations), as JSON. */
    @Column(name = "evidence_json")
    public String evidenceJson;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "revoke_reason")
    public String revokeReason;

    /** Pending and past its expiry: no decision may be taken on it any more. */
    public boolean expired(OffsetDateTime now) {
        return PENDING.equals(state) && now.isAfter(expiresAt);
    }
}
