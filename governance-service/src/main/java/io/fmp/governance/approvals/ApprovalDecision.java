package io.fmp.governance.approvals;

import io.fmp.governance.facts.FactsGeneration;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One approver's decision on a request; one per approver (the key says so). */
@Entity
@EntityListeners(FactsGeneration.Listener.class)
@Table(name = "approval_decision")
@IdClass(ApprovalDecision.Key.class)
public class ApprovalDecision extends PanacheEntityBase {

    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Id
    public String approver;

    public String decision;

    public String reason;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    /** The primary key: request and approver. */
    public static class Key implements Serializable {
        public String requestId;
        public String approver;

        public Key() {
        }

        public Key(String requestId, String approver) {
            this.requestId = requestId;
            this.approver = approver;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.requestId.equals(requestId) && key.approver.equals(approver);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, approver);
        }
    }
}
