package io.fmp.governance.facts;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** What governance knows of a catalog model version: from model.registered and tuning.completed. */
@Entity
@Table(name = "model_fact")
public class ModelFact extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;

    public String name;

    public String version;

    public String project;

    public String license;

    /** The model it was tuned from; null for base models. */
    @Column(name = "base_model_id")
    public String baseModelId;

    /** The tuning method (lora, classifier-head, ...); null for base models. */
    public String method;

    @Column(name = "dataset_sha256")
    public String datasetSha256;

    @Column(name = "registered_at")
    public OffsetDateTime registeredAt;
}
