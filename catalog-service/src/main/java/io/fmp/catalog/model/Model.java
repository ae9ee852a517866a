package io.fmp.catalog.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A registered model card. */
@Entity
@Table(name = "model")
public class Model extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String version;

    @Column(name = "parameter_count", nullable = false)
    public long parameterCount;

    @Column(nullable = false)
    public String license;

    @Column(name = "context_window", nullable = false)
    public int contextWindow;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "model_task", joinColumns = @JoinColumn(name = "model_id"))
    @OrderColumn(name = "position")
    @Column(name = "task", nullable = false)
    public List<String> tasks = new ArrayList<>();

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    public ModelCardSpec spec() {
        return new ModelCardSpec(name, provider, version, parameterCount, license, contextWindow, tasks);
    }
}
