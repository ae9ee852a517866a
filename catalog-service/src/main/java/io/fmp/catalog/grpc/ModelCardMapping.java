package io.fmp.catalog.grpc;

import io.fmp.catalog.model.Model;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.model.ModelFacts;
import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.catalog.selection.TrainingDataTransparency;
import io.fmp.catalog.sizing.ModelShape;
import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.Architecture;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.grpc.ProtoTimestamps;

import java.util.EnumSet;
import java.util.Set;

/** Model cards between protobuf and the domain. */
final class ModelCardMapping {

    private ModelCardMapping() {
    }

    static ModelCardSpec fromProto(io.fmp.contracts.catalog.v1.ModelCardSpec card) {
        return new ModelCardSpec(card.getName(), card.getProvider(), card.getVersion(), card.getParameterCount(),
                card.getLicense(), card.getContextWindow(), card.getTasksList(),
                card.hasFacts() ? facts(card.getParameterCount(), card.getFacts()) : ModelFacts.none());
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
                Set.copyOf(facts.getDataRegionsList()), facts.getTagsList(), blankToNull(facts.getSourceUrl()));
    }

    static ModelCard toProto(Model model) {
        ModelFacts facts = model.facts();
        io.fmp.contracts.catalog.v1.ModelFacts.Builder protoFacts = io.fmp.contracts.catalog.v1.ModelFacts.newBuilder()
                .addAllLanguages(facts.languages())
                .setTrainingData(switch (facts.trainingData()) {
                    case NONE -> io.fmp.contracts.catalog.v1.TrainingDataTransparency.TRAINING_DATA_NONE;
                    case SUMMARY -> io.fmp.contracts.catalog.v1.TrainingDataTransparency.TRAINING_DATA_SUMMARY;
                    case FULL -> io.fmp.contracts.catalog.v1.TrainingDataTransparency.TRAINING_DATA_FULL;
                })
                .setIpIndemnity(facts.ipIndemnity())
                .addAllDataRegions(facts.dataRegions().stream().sorted().toList())
                .addAllTags(facts.tags());
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
                    .setParameterCount(model.parameterCount).setLayers(facts.shape().layers())
                    .setKvHeads(facts.shape().kvHeads()).setHeadDim(facts.shape().headDim()));
        }
        if (facts.sourceUrl() != null) {
            protoFacts.setSourceUrl(facts.sourceUrl());
        }
        return ModelCard.newBuilder()
                .setId(model.id)
                .setCard(io.fmp.contracts.catalog.v1.ModelCardSpec.newBuilder()
                        .setName(model.name)
                        .setProvider(model.provider)
                        .setVersion(model.version)
                        .setParameterCount(model.parameterCount)
                        .setLicense(model.license)
                        .setContextWindow(model.contextWindow)
                        .addAllTasks(model.tasks)
                        .setFacts(protoFacts))
                .setRegisteredAt(ProtoTimestamps.of(model.registeredAt))
                .setCommercialUse(model.commercialUse)
                .setLicenseKnown(model.licenseKnown)
                .setLifecycleState(io.fmp.contracts.catalog.v1.LifecycleState.valueOf(model.lifecycleState.name()))
                .build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
