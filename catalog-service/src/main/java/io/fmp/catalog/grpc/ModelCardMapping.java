package io.fmp.catalog.grpc;

import io.fmp.catalog.governance.GovernanceStatus;
import io.fmp.catalog.serving.ServedDeployment;
import io.fmp.catalog.model.Lineage;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.model.ModelFacts;
import io.fmp.catalog.model.ReportedResult;
import io.fmp.catalog.model.ServingEndpoint;
import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.catalog.selection.TrainingDataTransparency;
import io.fmp.catalog.sizing.ModelShape;
import io.fmp.catalog.snapshot.CatalogEntry;
import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.Architecture;
import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.GeneralPurposeFacts;
import io.fmp.contracts.catalog.v1.HardwareProfile;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.events.GeneralPurposeModel;
import io.fmp.contracts.grpc.ProtoTimestamps;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Model cards between protobuf and the domain. */
final class ModelCardMapping {

    private ModelCardMapping() {
    }

    static ModelCardSpec fromProto(io.fmp.contracts.catalog.v1.ModelCardSpec card) {
        io.fmp.contracts.catalog.v1.Lineage l = card.getLineage();
        return new ModelCardSpec(card.getName(), card.getProvider(), card.getVersion(), card.getParameterCount(),
                card.getLicense(), card.getContextWindow(), card.getTasksList(),
                card.hasFacts() ? facts(card.getParameterCount(), card.getFacts()) : ModelFacts.none(),
                card.getEndpointsList().stream().map(e -> new ServingEndpoint(switch (e.getProtocol()) {
                    case OPENAI_CHAT -> ServingEndpoint.Protocol.OPENAI_CHAT;
                    case OPENAI_COMPLETIONS -> ServingEndpoint.Protocol.OPENAI_COMPLETIONS;
                    case EMBEDDED_ENCODER -> ServingEndpoint.Protocol.EMBEDDED_ENCODER;
                    default -> null;
                }, blankToNull(e.getUrl()), blankToNull(e.getSecretRef()))).toList(),
                card.getPropertiesMap(),
                new Lineage(blankToNull(l.getBaseModelId()), switch (l.getArtifactKind()) {
                    case FULL_WEIGHTS -> Lineage.ArtifactKind.FULL_WEIGHTS;
                    case ADAPTER -> Lineage.ArtifactKind.ADAPTER;
                    case HEAD -> Lineage.ArtifactKind.HEAD;
                    default -> null;
                }, blankToNull(l.getArtifactUri()), blankToNull(l.getTuningJobId()), blankToNull(l.getDatasetSha256())),
                card.getReportedResultsList().stream().map(r -> new ReportedResult(blankToNull(r.getTaskType()),
                        blankToNull(r.getTaskName()), blankToNull(r.getDatasetType()), blankToNull(r.getDatasetName()),
                        blankToNull(r.getDatasetConfig()), blankToNull(r.getDatasetSplit()),
                        blankToNull(r.getMetricType()), blankToNull(r.getMetricName()), r.getValue(), r.getVerified(),
                        r.getExtrasMap())).toList(),
                blankToNull(card.getDocumentation()));
    }

    private static ModelFacts facts(long parameterCount, io.fmp.contracts.catalog.v1.ModelFacts facts) {
        Set<DeploymentMode> modes = EnumSet.noneOf(DeploymentMode.class);
        for (DeploymentOption option : facts.getDeploymentOptionsList()) {
            DeploymentMode mode = ProtoEnums.deploymentMode(option);
            if (mode != null) {
                modes.add(mode);
            }
        }
        ModelFacts.Architecture architecture = switch (facts.getArchitecture()) {
            case DECODER -> ModelFacts.Architecture.DECODER;
            case ENCODER -> ModelFacts.Architecture.ENCODER;
            case ENCODER_DECODER -> ModelFacts.Architecture.ENCODER_DECODER;
            case MIXTURE_OF_EXPERTS -> ModelFacts.Architecture.MIXTURE_OF_EXPERTS;
            default -> null;
        };
        TrainingDataTransparency trainingData = switch (facts.getTrainingData()) {
            case TRAINING_DATA_SUMMARY -> TrainingDataTransparency.SUMMARY;
            case TRAINING_DATA_FULL -> TrainingDataTransparency.FULL;
            default -> TrainingDataTransparency.NONE;
        };
        return new ModelFacts(blankToNull(facts.getFamily()), blankToNull(facts.getDescription()),
                facts.getLanguagesList(), architecture, modes, trainingData, facts.getIpIndemnity(),
                facts.hasApiPrice() ? new ModelFacts.ApiPrice(facts.getApiPrice().getUsdPerMillionInput(),
                        facts.getApiPrice().getUsdPerMillionOutput()) : null,
                facts.hasShape() ? new ModelShape(parameterCount, facts.getShape().getLayers(),
                        facts.getShape().getKvHeads(), facts.getShape().getHeadDim()) : null,
                Set.copyOf(facts.getDataRegionsList()), facts.getTagsList(), blankToNull(facts.getSourceUrl()),
                facts.getModalitiesList(),
                facts.getActiveParameterCount() == 0 ? null : facts.getActiveParameterCount(),
                facts.getMaxOutputTokens() == 0 ? null : facts.getMaxOutputTokens(),
                facts.hasHardware() ? new ModelFacts.Hardware(facts.getHardware().getGpu(),
                        facts.getHardware().getGpuCount()) : null,
                facts.hasGeneralPurpose() ? generalPurpose(facts.getGeneralPurpose()) : null);
    }

    private static GeneralPurposeModel generalPurpose(GeneralPurposeFacts facts) {
        return new GeneralPurposeModel(facts.getSystemicRisk(), facts.getTrainingComputeFlops() == 0 ? null
                : facts.getTrainingComputeFlops(), blankToNull(facts.getTechnicalDocumentation()),
                blankToNull(facts.getCopyrightPolicy()), blankToNull(facts.getTrainingContentSummary()));
    }

    static io.fmp.contracts.catalog.v1.ModelCardSpec toProto(ModelCardSpec card) {
        ModelFacts facts = card.facts();
        io.fmp.contracts.catalog.v1.ModelFacts.Builder protoFacts = io.fmp.contracts.catalog.v1.ModelFacts.newBuilder()
                .addAllLanguages(facts.languages())
                .setTrainingData(switch (facts.trainingData()) {
                    case NONE -> io.fmp.contracts.catalog.v1.TrainingDataTransparency.TRAINING_DATA_NONE;
                    case SUMMARY -> io.fmp.contracts.catalog.v1.TrainingDataTransparency.TRAINING_DATA_SUMMARY;
                    case FULL -> io.fmp.contracts.catalog.v1.TrainingDataTransparency.TRAINING_DATA_FULL;
                })
                .setIpIndemnity(facts.ipIndemnity())
                .addAllDataRegions(facts.dataRegions().stream().sorted().toList())
                .addAllTags(facts.tags())
                .addAllModalities(facts.modalities());
        facts.deploymentOptions().stream().sorted().forEach(mode -> protoFacts.addDeploymentOptions(
                DeploymentOption.valueOf(mode.name())));
        if (facts.family() != null) {
            protoFacts.setFamily(facts.family());
        }
        if (facts.description() != null) {
            protoFacts.setDescription(facts.description());
        }
        if (facts.architecture() != null) {
            protoFacts.setArchitecture(Architecture.valueOf(facts.architecture().name()));
        }
        if (facts.apiPrice() != null) {
            protoFacts.setApiPrice(ApiPricing.newBuilder().setUsdPerMillionInput(facts.apiPrice().usdPerMillionInput())
                    .setUsdPerMillionOutput(facts.apiPrice().usdPerMillionOutput()));
        }
        if (facts.shape() != null) {
            protoFacts.setShape(io.fmp.contracts.catalog.v1.ModelShape.newBuilder()
                    .setParameterCount(card.parameterCount()).setLayers(facts.shape().layers())
                    .setKvHeads(facts.shape().kvHeads()).setHeadDim(facts.shape().headDim()));
        }
        if (facts.sourceUrl() != null) {
            protoFacts.setSourceUrl(facts.sourceUrl());
        }
        if (facts.activeParameterCount() != null) {
            protoFacts.setActiveParameterCount(facts.activeParameterCount());
        }
        if (facts.maxOutputTokens() != null) {
            protoFacts.setMaxOutputTokens(facts.maxOutputTokens());
        }
        if (facts.hardware() != null) {
            protoFacts.setHardware(HardwareProfile.newBuilder().setGpu(facts.hardware().gpu())
                    .setGpuCount(facts.hardware().gpuCount()));
        }
        GeneralPurposeModel gpai = facts.generalPurpose();
        if (gpai != null) {
            GeneralPurposeFacts.Builder published = GeneralPurposeFacts.newBuilder().setSystemicRisk(gpai.systemicRisk())
                    .setTrainingComputeFlops(gpai.trainingComputeFlops() == null ? 0 : gpai.trainingComputeFlops());
            Optional.ofNullable(gpai.technicalDocumentation()).ifPresent(published::setTechnicalDocumentation);
            Optional.ofNullable(gpai.copyrightPolicy()).ifPresent(published::setCopyrightPolicy);
            Optional.ofNullable(gpai.trainingContentSummary()).ifPresent(published::setTrainingContentSummary);
            protoFacts.setGeneralPurpose(published);
        }
        var spec = io.fmp.contracts.catalog.v1.ModelCardSpec.newBuilder()
                .setName(card.name())
                .setProvider(card.provider())
                .setVersion(card.version())
                .setParameterCount(card.parameterCount())
                .setLicense(card.license())
                .setContextWindow(card.contextWindow())
                .addAllTasks(card.tasks())
                .setFacts(protoFacts)
                .putAllProperties(card.properties());
        for (ServingEndpoint endpoint : card.endpoints()) {
            var proto = io.fmp.contracts.catalog.v1.ServingEndpoint.newBuilder()
                    .setProtocol(EndpointProtocol.valueOf(endpoint.protocol().name())).setUrl(endpoint.url());
            if (endpoint.secretRef() != null) {
                proto.setSecretRef(endpoint.secretRef());
            }
            spec.addEndpoints(proto);
        }
        Lineage l = card.lineage();
        if (!l.isEmpty()) {
            var lineage = io.fmp.contracts.catalog.v1.Lineage.newBuilder();
            if (l.baseModelId() != null) {
                lineage.setBaseModelId(l.baseModelId());
            }
            if (l.artifactKind() != null) {
                lineage.setArtifactKind(ArtifactKind.valueOf(l.artifactKind().name()));
            }
            if (l.artifactUri() != null) {
                lineage.setArtifactUri(l.artifactUri());
            }
            if (l.tuningJobId() != null) {
                lineage.setTuningJobId(l.tuningJobId());
            }
            if (l.datasetSha256() != null) {
                lineage.setDatasetSha256(l.datasetSha256());
            }
            spec.setLineage(lineage);
        }
        for (ReportedResult r : card.reportedResults()) {
            var result = io.fmp.contracts.catalog.v1.ReportedResult.newBuilder()
                    .setValue(r.value()).setVerified(r.verified()).putAllExtras(r.extras());
            setIfPresent(r.taskType(), result::setTaskType);
            setIfPresent(r.taskName(), result::setTaskName);
            setIfPresent(r.datasetType(), result::setDatasetType);
            setIfPresent(r.datasetName(), result::setDatasetName);
            setIfPresent(r.datasetConfig(), result::setDatasetConfig);
            setIfPresent(r.datasetSplit(), result::setDatasetSplit);
            setIfPresent(r.metricType(), result::setMetricType);
            setIfPresent(r.metricName(), result::setMetricName);
            spec.addReportedResults(result);
        }
        setIfPresent(card.documentation(), spec::setDocumentation);
        return spec.build();
    }

    static ModelCard toProto(CatalogEntry entry) {
        ModelCard.Builder card = ModelCard.newBuilder()
                .setId(entry.id())
                .setProject(entry.project())
                .setCard(toProto(entry.card()))
                .setRegisteredAt(ProtoTimestamps.of(entry.registeredAt()))
                .setCommercialUse(entry.commercialUse())
                .setLicenseKnown(entry.licenseKnown())
                .setLifecycleState(io.fmp.contracts.catalog.v1.LifecycleState.valueOf(entry.state().name()))
                .setContentDigest(entry.contentDigest())
                .addAllAliases(entry.aliases())
                .setRevision(entry.revision());
        GovernanceStatus governance = entry.governance();
        if (governance != null) {
            var status = io.fmp.contracts.catalog.v1.GovernanceStatus.newBuilder()
                    .setDecision(governance.decision()).setDecisionId(governance.decisionId())
                    .setDecidedAt(ProtoTimestamps.of(governance.decidedAt()));
            setIfPresent(governance.decidedBy(), status::setDecidedBy);
            setIfPresent(governance.reason(), status::setReason);
            card.setGovernance(status);
        }
        for (ServedDeployment.Endpoint served : entry.deployments()) {
            var deployment = io.fmp.contracts.catalog.v1.ModelDeployment.newBuilder().setName(served.name())
                    .setProject(served.project()).setExecutor(served.executor());
            setIfPresent(served.endpoint(), deployment::setEndpoint);
            if (served.readyAt() != null) {
                deployment.setReadyAt(ProtoTimestamps.of(served.readyAt()));
            }
            card.addDeployments(deployment);
        }
        return card.build();
    }

    private static void setIfPresent(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
