package io.fmp.governance.facts;

import io.fmp.contracts.events.GeneralPurposeModel;
import io.fmp.platform.storage.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** What governance knows of a catalog model version: from model.registered and tuning.completed. */
@Entity
@EntityListeners(FactsGeneration.Listener.class)
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

    /** Whether the licence allows commercial use (the catalog's reading of the licence id). */
    @Column(name = "commercial_use")
    public boolean commercialUse;

    /** How much the provider discloses of the training data: none, summary or full. */
    @Column(name = "training_data")
    public String trainingData = "none";

    @Column(name = "ip_indemnity")
    public boolean ipIndemnity;

    /** The EU AI Act Art. 53 / 55 facts of a general-purpose AI model (JSON), null for other models. */
    @Column(name = "general_purpose_json")
    public String generalPurposeJson;

    public GeneralPurposeModel generalPurpose() {
        return generalPurposeJson == null ? null : Json.read(generalPurposeJson, GeneralPurposeModel.class);
    }
}
