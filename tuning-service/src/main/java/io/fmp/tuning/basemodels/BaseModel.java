package io.fmp.tuning.basemodels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A catalog model a tuning job may start from; size and licence decide methods and resources. */
@Entity
@Table(name = "base_model")
public class BaseModel extends PanacheEntityBase {

    @Id
    @Column(name = "model_id")
    public String modelId;

    /** The project whose members may tune it (the catalog's, from its events). */
    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String version;

    @Column(name = "parameter_count", nullable = false)
    public long parameterCount;

    @Column(nullable = false)
    public String license;
}
