package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.GeneralPurposeFacts;
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
        Hardware hardware,
        @Schema(description = "Set when the model is a general-purpose AI model (EU AI Act Art. 3(63)): what its"
                + " provider publishes under Art. 53 / 55; governance's policies read it") GeneralPurpose generalPurpose) {

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

    /** EU AI Act Art. 53 / 55: what the provider of a general-purpose AI model publishes. */
    @Schema(name = "GeneralPurposeFacts")
    public record GeneralPurpose(
            @Schema(description = "Designated or declared a model with systemic risk (Art. 51); training compute above"
                    + " 1e25 FLOP presumes it") boolean systemicRisk,
            @Schema(description = "Cumulative training compute in floating-point operations", example = "3.8e25")
            Double trainingComputeFlops,
            @Schema(format = "uri", description = "Documentation for the AI Office and downstream providers"
                    + " (Art. 53(1)(a), (b); Annexes XI, XII)") String technicalDocumentation,
            @Schema(format = "uri", description = "Policy to comply with Union copyright law (Art. 53(1)(c))")
            String copyrightPolicy,
            @Schema(format = "uri", description = "Public summary of the training content (Art. 53(1)(d))")
            String trainingContentSummary) {

        static GeneralPurpose of(GeneralPurposeFacts facts) {
            return new GeneralPurpose(facts.getSystemicRisk(), facts.getTrainingComputeFlops() == 0 ? null
                    : facts.getTrainingComputeFlops(), emptyToNull(facts.getTechnicalDocumentation()),
                    emptyToNull(facts.getCopyrightPolicy()), emptyToNull(facts.getTrainingContentSummary()));
        }

        GeneralPurposeFacts proto() {
            GeneralPurposeFacts.Builder proto = GeneralPurposeFacts.newBuilder().setSystemicRisk(systemicRisk);
            if (trainingComputeFlops != null) {
                proto.setTrainingComputeFlops(trainingComputeFlops);
            }
            set(technicalDocumentation, proto::setTechnicalDocumentation);
            set(copyrightPolicy, proto::setCopyrightPolicy);
            set(trainingContentSummary, proto::setTrainingContentSummary);
            return proto.build();
        }
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
                facts.hasHardware() ? new Hardware(facts.getHardware().getGpu(), facts.getHardware().getGpuCount()) : null,
                facts.hasGeneralPurpose() ? GeneralPurpose.of(facts.getGeneralPurpose()) : null);
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
        if (generalPurpose != null) {
            proto.setGeneralPurpose(generalPurpose.proto());
        }
        return proto.build();
    }
}
