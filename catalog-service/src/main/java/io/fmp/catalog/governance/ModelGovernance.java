package io.fmp.catalog.governance;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The latest governance decision about one model, as governance-service reported it. */
@Entity
@Table(name = "model_governance")
public class ModelGovernance extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;

    @Column(nullable = false)
    public String decision;

    @Column(name = "decision_id", nullable = false)
    public String decisionId;

    @Column(name = "decided_by")
    public String decidedBy;

    public String reason;

    @Column(name = "decided_at", nullable = false)
    public OffsetDateTime decidedAt;

    @Column(name = "change_seq", nullable = false)
    public long changeSeq;

    public GovernanceStatus toRecord() {
        return new GovernanceStatus(decision, decisionId, decidedBy, reason, decidedAt);
    }
}
