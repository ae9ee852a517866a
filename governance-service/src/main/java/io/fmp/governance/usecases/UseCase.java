package io.fmp.governance.usecases;

import io.fmp.contracts.guardrails.GuardrailPolicy;
import com.fasterxml.jackson.core.type.TypeReference;
import io.fmp.governance.facts.FactsGeneration;
import io.fmp.platform.storage.Json;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;

/** An AI use case: what it is for, who it affects, how it is measured, what may serve it, where it stands. */
@Entity
@EntityListeners(FactsGeneration.Listener.class)
@Table(name = "use_case")
public class UseCase extends PanacheEntityBase {

    /** A document the use case names as evidence for an obligation (a disclosure notice, an oversight plan). */
    public record Document(String obligation, String title, String uri) {
    }

    /** What a use case says about the people and data it touches and where it runs. */
    public record Details(List<String> affectedPeople, List<String> dataCategories, String deploymentContext,
                          List<Document> documents) {
        public Details {
            affectedPeople = affectedPeople == null ? List.of() : List.copyOf(affectedPeople);
            dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
            documents = documents == null ? List.of() : List.copyOf(documents);
        }
    }

    @Id
    public String id;

    public String project;

    public String name;

    public String purpose;

    public String owner;

    /** classification, generation, ... (eval-service's task types) */
    public String task;

    @Column(name = "details_json")
    public String detailsJson;

    @Column(name = "suites_json")
    public String suitesJson;

    /** Catalog model ids that serve or may serve the use case. */
    @Column(name = "approaches_json")
    public String approachesJson;

    /** The primary metric's lower 95 % bound must reach it on every suite (0 to 1). */
    public double threshold;

    /** {@link GuardrailPolicy} as JSON: what the gateway applies to deployments serving it */
    @Column(name = "guardrails_json")
    public String guardrailsJson;

    @Enumerated(EnumType.STRING)
    public UseCaseState state;

    public String tier;

    @Column(name = "assessment_json")
    public String assessmentJson;

    @Column(name = "next_review_at")
    public OffsetDateTime nextReviewAt;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public Details details() {
        return Json.read(detailsJson, Details.class);
    }

    public List<String> suites() {
        return Json.read(suitesJson, new TypeReference<>() { });
    }

    public GuardrailPolicy guardrails() {
        return Json.read(guardrailsJson, GuardrailPolicy.class);
    }

    public List<String> approaches() {
        return Json.read(approachesJson, new TypeReference<>() { });
    }
}
