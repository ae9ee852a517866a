package io.fmp.eval.monitoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A batch of captured inputs already recorded: the same batch sent again is not kept twice. */
@Entity
@Table(name = "captured_batch")
public class CapturedBatch extends PanacheEntityBase {

    @Id
    @Column(name = "batch_id")
    public String batchId;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;
}
