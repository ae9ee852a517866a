package io.fmp.eval.suites;

import io.fmp.platform.storage.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One suite version: its definition as JSON, and the dataset version it evaluates. */
@Entity
@Table(name = "suite")
public class Suite extends PanacheEntityBase {

    @Id
    public String id;

    /** The project it belongs to (io.fmp.contracts.identity.Principal#SHARED: everybody's). */
    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public int version;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    /** {@link SuiteDefinition} as JSON */
    @Column(nullable = false)
    public String definition;

    @Column(name = "definition_hash", nullable = false)
    public String definitionHash;

    /** examples the suite evaluates (of its split) */
    @Column(nullable = false)
    public long examples;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public SuiteDefinition definition() {
        return Json.read(definition, SuiteDefinition.class);
    }
}
