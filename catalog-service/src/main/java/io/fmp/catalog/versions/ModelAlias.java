package io.fmp.catalog.versions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** An alias of a model name (e.g. production) and the version it points at. */
@Entity
@Table(name = "model_alias")
@IdClass(ModelAlias.Key.class)
public class ModelAlias extends PanacheEntityBase {

    @Id
    @Column(name = "model_name")
    public String modelName;

    @Id
    public String alias;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(name = "moved_at", nullable = false)
    public OffsetDateTime movedAt;

    /** The primary key: model name and alias. */
    public static class Key implements Serializable {
        public String modelName;
        public String alias;

        public Key() {
        }

        public Key(String modelName, String alias) {
            this.modelName = modelName;
            this.alias = alias;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.modelName.equals(modelName) && key.alias.equals(alias);
        }

        @Override
        public int hashCode() {
            return Objects.hash(modelName, alias);
        }
    }
}
