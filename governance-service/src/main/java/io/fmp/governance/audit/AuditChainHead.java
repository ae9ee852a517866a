package io.fmp.governance.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The single row that appenders lock to extend the chain one record at a time. */
@Entity
@Table(name = "audit_chain_head")
public class AuditChainHead extends PanacheEntityBase {

    static final int ID = 1;

    @Id
    public int id;

    @Column(name = "last_sequence", nullable = false)
    public long lastSequence;

    @Column(name = "last_hash", nullable = false)
    public String lastHash;
}
