package io.fmp.governance.facts;

import io.fmp.contracts.identity.Principal;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** The latest version of an eval-service suite and the dataset version it reads: from suite.registered. */
@Entity
@Table(name = "suite_fact")
@IdClass(SuiteFact.Key.class)
public class SuiteFact extends PanacheEntityBase {

    @Id
    public String project;

    @Id
    public String name;

    public int version;

    public String dataset;

    @Column(name = "dataset_version")
    public int datasetVersion;

    /** The suite a use case of {@code project} means by {@code name}: its project's own, else the shared one. */
    public static SuiteFact resolve(String project, String name) {
        SuiteFact own = findById(new Key(project, name));
        return own != null ? own : findById(new Key(Principal.SHARED, name));
    }

    public static class Key implements Serializable {
        public String project;
        public String name;

        public Key() {
        }

        public Key(String project, String name) {
            this.project = project;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.project.equals(project) && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(project, name);
        }
    }
}
