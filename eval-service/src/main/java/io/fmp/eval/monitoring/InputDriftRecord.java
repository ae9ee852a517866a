package io.fmp.eval.monitoring;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One window of a deployment's inputs measured against its suite's dataset ({@link InputDrift}). */
@Entity
@Table(name = "input_drift")
public class InputDriftRecord extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String project;

    @Column(nullable = false)
    public String deployment;

    @Column(name = "model_id", nullable = false)
    public String modelId;

    @Column(nullable = false)
    public String suite;

    @Column(name = "suite_version", nullable = false)
    public int suiteVersion;

    @Column(nullable = false)
    public String encoder;

    @Column(nullable = false)
    public int inputs;

    @Column(name = "reference_inputs", nullable = false)
    public int referenceInputs;

    @Column(name = "centroid_distance", nullable = false)
    public double centroidDistance;

    @Column(name = "p_value", nullable = false)
    public double pValue;

    @Column(name = "out_of_domain_share", nullable = false)
    public double outOfDomainShare;

    @Column(nullable = false)
    public boolean drifted;

    @Column(name = "measured_at", nullable = false)
    public OffsetDateTime measuredAt;
}
