package io.fmp.governance.usecases;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One state change of a use case, with its actor and reason. */
@Entity
@Table(name = "use_case_transition")
public class UseCaseTransition extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "use_case_id")
    public String useCaseId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public UseCaseState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public UseCaseState toState;

    public String actor;

    public String reason;

    public OffsetDateTime at;
}
