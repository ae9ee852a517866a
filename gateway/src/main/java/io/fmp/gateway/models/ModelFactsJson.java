package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.HardwareProfile;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.gateway.validation.ApiEnums;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

import static io.fmp.gateway.models.CardPartsJson.emptyToNull;
import static io.fmp.gateway.models.CardPartsJson.set;

/** The optional facts of a model card that model selection weighs, as requests send and responses show them. */
@Schema(name = "ModelFacts", description = "Facts that model selection weighs; all optional")
public record ModelFactsJson(
        String family,
        String description,
        @Schema(description = "ISO 639-1 codes", example = "[\"en\", \"de\"]") List<String> languages,
        ApiEnums.Architecture architecture,
        List<ApiEnums.DeploymentOption> deploymentOptions,
        ApiEnums.TrainingDataTransparency trainingData,
        @Schema(description = "Whether the provider indemnifies users against IP claims") boolean ipIndemnity,
        ApiPrice apiPrice,
        Shape shape,
        @Schema(description = "Where the model may process data", example = "[\"EU\"]") List<String> dataRegions,
        List<String> tags,
        @Schema(format = "uri") String sourceUrl,
        List<String> modalities,
        @Schema(description = "Parameters active per token (mixture of experts)") Long activeParameterCount,
        Integer maxOutputTokens,
        Hardware hardware) {

    /** Price of a pay-per-token API. */
    public record ApiPrice(@Schema(required = true) double usdPerMillionInput,
                           @Schema(required = true) double usdPerMillionOutput) {
    }

    /** The attention shape that sizes the KV cache. */
    @Schema(name = "ModelShape")
    public record Shape(@Schema(required = true) int layers, @Schema(required = true) int kvHeads,
                        @Schema(required = true) int headDim) {
    }

    /** The GPU profile and count one self-hosted replica runs on. */
    public record Hardware(@Schema(required = true, example = "H100-80GB") String gpu,
                           @Schema(required = true) int gpuCount) {
    }

    static ModelFactsJson of(ModelFacts facts) {
        return new ModelFactsJson(emptyToNull(facts.getFamily()), emptyToNull(facts.getDescription()),
                facts.getLanguagesList(), ApiEnums.fromProto(facts.getArchitecture(), ApiEnums.Architecture.class),
                facts.getDeploymentOptionsList().stream()
                        .map(o -> ApiEnums.fromProto(o, ApiEnums.DeploymentOption.class)).toList(),
                ApiEnums.fromProto(facts.getTrainingData(), ApiEnums.TrainingDataTransparency.class),
                facts.getIpIndemnity(),
                facts.hasApiPrice() ? new ApiPrice(facts.getApiPrice().getUsdPerMillionInput(),
                        facts.getApiPrice().getUsdPerMillionOutput()) : null,
                facts.hasShape() ? new Shape(facts.getShape().getLayers(), facts.getShape().getKvHeads(),
                        facts.getShape().getHeadDim()) : null,
                facts.getDataRegionsList(), facts.getTagsList(), emptyToNull(facts.getSourceUrl()),
                facts.getModalitiesList(),
                facts.getActiveParameterCount() == 0 ? null : facts.getActiveParameterCount(),
                facts.getMaxOutputTokens() == 0 ? null : facts.getMaxOutputTokens(),
                facts.hasHardware() ? new Hardware(facts.getHardware().getGpu(), facts.getHardware().getGpuCount()) : null);
    }

    ModelFacts proto() {
        ModelFacts.Builder proto = ModelFacts.newBuilder();
        set(family, proto::setFamily);
        set(description, proto::setDescription);
        set(sourceUrl, proto::setSourceUrl);
        if (languages != null) {
            proto.addAllLanguages(languages);
        }
        if (architecture != null) {
            proto.setArchitecture(ApiEnums.toProto(architecture, io.fmp.contracts.catalog.v1.Architecture.class));
        }
        if (deploymentOptions != null) {
            deploymentOptions.forEach(o -> proto.addDeploymentOptions(ApiEnums.toProto(o,
                    io.fmp.contracts.catalog.v1.DeploymentOption.class)));
        }
        if (trainingData != null) {
            proto.setTrainingData(ApiEnums.toProto(trainingData,
                    io.fmp.contracts.catalog.v1.TrainingDataTransparency.class));
        }
        proto.setIpIndemnity(ipIndemnity);
        if (apiPrice != null) {
            proto.setApiPrice(ApiPricing.newBuilder().setUsdPerMillionInput(apiPrice.usdPerMillionInput())
                    .setUsdPerMillionOutput(apiPrice.usdPerMillionOutput()));
        }
        if (shape != null) {
            proto.setShape(ModelShape.newBuilder().setLayers(shape.layers()).setKvHeads(shape.kvHeads())
                    .setHeadDim(shape.headDim()));
        }
        if (dataRegions != null) {
            proto.addAllDataRegions(dataRegions);
        }
        if (tags != null) {
            proto.addAllTags(tags);
        }
        if (modalities != null) {
            proto.addAllModalities(modalities);
        }
        if (activeParameterCount != null) {
            proto.setActiveParameterCount(activeParameterCount);
        }
        if (maxOutputTokens != null) {
            proto.setMaxOutputTokens(maxOutputTokens);
        }
        if (hardware != null) {
            proto.setHardware(HardwareProfile.newBuilder().setGpu(hardware.gpu()).setGpuCount(hardware.gpuCount()));
        }
        return proto.build();
    }
}
