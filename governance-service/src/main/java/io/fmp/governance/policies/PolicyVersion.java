package io.fmp.governance.policies;

import io.fmp.governance.facts.FactsGeneration;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A version of a project's policy: its text, identified by SHA-256; the active one is what gates apply. */
@Entity
@EntityListeners(FactsGeneration.Listener.class)
@Table(name = "governance_policy")
@IdClass(PolicyVersion.Key.class)
public class PolicyVersion extends PanacheEntityBase {

    @Id
    public String project;

    @Id
    public String name;

    @Id
    public String sha256;

    public String document;

    public boolean active;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /** The primary key: project, name, SHA-256. */
    public static class Key implements Serializable {
        public String project;
        public String name;
        public String sha256;

        public Key() {
        }

        public Key(String project, String name, String sha256) {
            this.project = project;
            this.name = name;
            this.sha256 = sha256;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.project.equals(project) && key.name.equals(name)
                    && key.sha256.equals(sha256);
        }

        @Override
        public int hashCode() {
            return Objects.hash(project, name, sha256);
        }
    }
}
