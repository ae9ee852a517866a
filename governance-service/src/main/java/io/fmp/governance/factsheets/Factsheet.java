package io.fmp.governance.factsheets;

import io.fmp.governance.facts.FactsGeneration;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One generated version of a model's factsheet in a use case; sha256 is of the Markdown. */
@Entity
@EntityListeners(FactsGeneration.Listener.class)
@Table(name = "factsheet")
public class Factsheet extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "use_case_id")
    public String useCaseId;

    @Column(name = "model_id")
    public String modelId;

    public int version;

    public String sha256;

    public String markdown;

    public String html;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public static Factsheet latest(String useCaseId, String modelId) {
        return Factsheet.<Factsheet>find("useCaseId = ?1 and modelId = ?2 order by version desc", useCaseId, modelId)
                .firstResult();
    }
}
