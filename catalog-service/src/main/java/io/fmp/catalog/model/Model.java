package io.fmp.catalog.model;

import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.catalog.selection.TrainingDataTransparency;
import io.fmp.catalog.sizing.ModelShape;
import io.fmp.contracts.events.GeneralPurposeModel;
import io.fmp.contracts.events.ModelCardFacts;
import io.fmp.contracts.events.ModelServing;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A registered model card. */
@Entity
@Table(name = "model")
public class Model extends PanacheEntityBase {

    @Id
    public String id;

    /** The project that owns it (io.fmp.contracts.identity.Principal#SHARED: the seed catalog, everybody's). */
    @Column(nullable = false)
    public String project;

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
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "model_task", joinColumns = @JoinColumn(name = "model_id"))
    @OrderColumn(name = "position")
    @Column(name = "task", nullable = false)
    public List<String> tasks = new ArrayList<>();

    @Column(name = "registered_at", nullable = false)
    public OffsetDateTime registeredAt;

    public String family;

    public String description;

    @Enumerated(EnumType.STRING)
    public ModelFacts.Architecture architecture;

    @Enumerated(EnumType.STRING)
    @Column(name = "training_data", nullable = false)
    public TrainingDataTransparency trainingData = TrainingDataTransparency.NONE;

    @Column(name = "ip_indemnity", nullable = false)
    public boolean ipIndemnity;

    @Column(name = "price_input_per_million")
    public Double priceInputPerMillion;

    @Column(name = "price_output_per_million")
    public Double priceOutputPerMillion;

    public Integer layers;

    @Column(name = "kv_heads")
    public Integer kvHeads;

    @Column(name = "head_dim")
    public Integer headDim;

    @Column(name = "source_url")
    public String sourceUrl;

    @Enumerated(EnumType.STRING)
    @Column(name = "lifecycle_state", nullable = false)
    public LifecycleState lifecycleState = LifecycleState.CANDIDATE;

    /** Derived from the licence id at registration. */
    @Column(name = "commercial_use", nullable = false)
    public boolean commercialUse;

    @Column(name = "license_known", nullable = false)
    public boolean licenseKnown;

    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "model_language", joinColumns = @JoinColumn(name = "model_id"))
    @Column(name = "language", nullable = false)
    public Set<String> languages = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "model_deployment_option", joinColumns = @JoinColumn(name = "model_id"))
    @Enumerated(EnumType.STRING)
    @Column(name = "deployment_option", nullable = false)
    public Set<DeploymentMode> deploymentOptions = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "model_data_region", joinColumns = @JoinColumn(name = "model_id"))
    @Column(name = "region", nullable = false)
    public Set<String> dataRegions = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @CollectionTable(name = "model_tag", joinColumns = @JoinColumn(name = "model_id"))
    @Column(name = "tag", nullable = false)
    public Set<String> tags = new TreeSet<>();

    @Convert(converter = JsonColumns.Strings.class)
    public List<String> modalities = new ArrayList<>();

    @Column(name = "active_parameter_count")
    public Long activeParameterCount;

    @Column(name = "max_output_tokens")
    public Integer maxOutputTokens;

    @Column(name = "hardware_gpu")
    public String hardwareGpu;

    @Column(name = "hardware_gpu_count")
    public Integer hardwareGpuCount;

    @Convert(converter = JsonColumns.Endpoints.class)
    public List<ServingEndpoint> endpoints = new ArrayList<>();

    @Convert(converter = JsonColumns.Properties.class)
    public Map<String, String> properties = new TreeMap<>();

    @Convert(converter = JsonColumns.ReportedResults.class)
    @Column(name = "reported_results")
    public List<ReportedResult> reportedResults = new ArrayList<>();

    public String documentation;

    /** EU AI Act Art. 53 / 55 facts of a general-purpose AI model; null for other models. */
    @Convert(converter = JsonColumns.GeneralPurpose.class)
    @Column(name = "general_purpose")
    public GeneralPurposeModel generalPurpose;

    @Column(name = "base_model_id")
    public String baseModelId;

    @Enumerated(EnumType.STRING)
    @Column(name = "artifact_kind")
    public Lineage.ArtifactKind artifactKind;

    @Column(name = "artifact_uri")
    public String artifactUri;

    @Column(name = "tuning_job_id")
    public String tuningJobId;

    @Column(name = "dataset_sha256")
    public String datasetSha256;

    /** Increases with every change to the row (JPA optimistic lock). */
    @Version
    public long revision;

    /** The catalog generation of the last change (see CatalogGeneration). */
    @Column(name = "change_seq", nullable = false)
    public long changeSeq;

    public ModelCardSpec spec() {
        return new ModelCardSpec(name, provider, version, parameterCount, license, contextWindow, tasks, facts(),
                endpoints, properties, new Lineage(baseModelId, artifactKind, artifactUri, tuningJobId, datasetSha256),
                reportedResults, documentation);
    }

    /** How this version is served, as the catalog's events carry it. */
    public ModelServing serving() {
        return new ModelServing(endpoints.stream().map(e -> new ModelServing.Endpoint(
                        CatalogYaml.word(e.protocol().name()), e.url(), e.secretRef())).toList(),
                priceInputPerMillion, priceOutputPerMillion,
                artifactKind == null ? null : CatalogYaml.word(artifactKind.name()), artifactUri, baseModelId);
    }

    /** Copies every field of the card; identity fields only on a new row. */
    void apply(ModelCardSpec card) {
        name = card.name();
        provider = card.provider();
        version = card.version();
        parameterCount = card.parameterCount();
        license = card.license();
        contextWindow = card.contextWindow();
        tasks = new ArrayList<>(card.tasks());
        applyFacts(card.facts());
        endpoints = new ArrayList<>(card.endpoints());
        properties = new TreeMap<>(card.properties());
        reportedResults = new ArrayList<>(card.reportedResults());
        documentation = card.documentation();
        baseModelId = card.lineage().baseModelId();
        artifactKind = card.lineage().artifactKind();
        artifactUri = card.lineage().artifactUri();
        tuningJobId = card.lineage().tuningJobId();
        datasetSha256 = card.lineage().datasetSha256();
    }

    public ModelFacts facts() {
        ModelFacts.ApiPrice price = priceInputPerMillion == null ? null
                : new ModelFacts.ApiPrice(priceInputPerMillion, priceOutputPerMillion);
        ModelShape shape = layers == null ? null : new ModelShape(parameterCount, layers, kvHeads, headDim);
        return new ModelFacts(family, description, List.copyOf(new TreeSet<>(languages)), architecture,
                deploymentOptions, trainingData, ipIndemnity, price, shape, dataRegions,
                List.copyOf(new TreeSet<>(tags)), sourceUrl, modalities, activeParameterCount, maxOutputTokens,
                hardwareGpu == null ? null : new ModelFacts.Hardware(hardwareGpu, hardwareGpuCount), generalPurpose);
    }

    private void applyFacts(ModelFacts facts) {
        family = facts.family();
        description = facts.description();
        architecture = facts.architecture();
        trainingData = facts.trainingData();
        ipIndemnity = facts.ipIndemnity();
        priceInputPerMillion = facts.apiPrice() == null ? null : facts.apiPrice().usdPerMillionInput();
        priceOutputPerMillion = facts.apiPrice() == null ? null : facts.apiPrice().usdPerMillionOutput();
        layers = facts.shape() == null ? null : facts.shape().layers();
        kvHeads = facts.shape() == null ? null : facts.shape().kvHeads();
        headDim = facts.shape() == null ? null : facts.shape().headDim();
        sourceUrl = facts.sourceUrl();
        languages = new TreeSet<>(facts.languages());
        deploymentOptions = new TreeSet<>(facts.deploymentOptions());
        dataRegions = new TreeSet<>(facts.dataRegions());
        tags = new TreeSet<>(facts.tags());
        modalities = new ArrayList<>(facts.modalities());
        activeParameterCount = facts.activeParameterCount();
        maxOutputTokens = facts.maxOutputTokens();
        hardwareGpu = facts.hardware() == null ? null : facts.hardware().gpu();
        hardwareGpuCount = facts.hardware() == null ? null : facts.hardware().gpuCount();
        generalPurpose = facts.generalPurpose();
    }

    /** What governance's policies read of the card, as model.registered carries it. */
    public ModelCardFacts cardFacts() {
        return new ModelCardFacts(commercialUse, CatalogYaml.word(trainingData.name()), ipIndemnity, generalPurpose);
    }
}
