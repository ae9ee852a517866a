package io.fmp.catalog.serving;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The latest state of one deployment of a catalog model, as tuning-service announced it. */
@Entity
@Table(name = "served_deployment")
public class ServedDeployment extends PanacheEntityBase {

    public static final String READY = "ready";

    @Id
    @Column(name = "deployment_id")
    public String deploymentId;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String executor;

    @Column(nullable = false)
    public String state;

    public String endpoint;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    @Column(name = "ready_at")
    public OffsetDateTime readyAt;

    @Column(name = "change_seq", nullable = false)
    public long changeSeq;

    public Endpoint toRecord() {
        return new Endpoint(name, project, executor, endpoint, readyAt);
    }

    /** A ready deployment as the card shows it. */
    public record Endpoint(String name, String project, String executor, String endpoint, OffsetDateTime readyAt) {
    }
}
