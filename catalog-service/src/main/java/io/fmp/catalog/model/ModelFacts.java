package io.fmp.catalog.model;

import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.catalog.selection.TrainingDataTransparency;
import io.fmp.catalog.sizing.ModelShape;
import io.fmp.contracts.events.GeneralPurposeModel;

import java.util.List;
import java.util.Set;

/**
 * What a model card says beyond its identity: the facts that model selection weighs.
 *
 * @param languages         ISO 639-1 codes
 * @param deploymentOptions where the model can run (API models: cloud only)
 * @param apiPrice          list price of a hosted API, null for self-hosted models
 * @param shape             attention shape for GPU sizing, null when unknown
 * @param dataRegions       regions where a hosted API processes data; empty for self-hosted models
 * @param sourceUrl         where the facts come from (model card, paper, price list)
 * @param modalities        input/output modalities such as text, image, audio
 * @param activeParameterCount mixture of experts: parameters active per token; null for dense models
 * @param maxOutputTokens   null when the card does not say
 * @param hardware          what one self-hosted replica needs and is priced on; null: the cheapest fitting GPU
 * @param generalPurpose    what the provider of a general-purpose AI model publishes (EU AI Act Art. 53 / 55);
 *                          null: not a general-purpose AI model
 */
public record ModelFacts(String family, String description, List<String> languages, Architecture architecture,
                         Set<DeploymentMode> deploymentOptions, TrainingDataTransparency trainingData,
                         boolean ipIndemnity, ApiPrice apiPrice, ModelShape shape, Set<String> dataRegions,
                         List<String> tags, String sourceUrl, List<String> modalities, Long activeParameterCount,
                         Integer maxOutputTokens, Hardware hardware, GeneralPurposeModel generalPurpose) {

    public enum Architecture {
        DECODER, ENCODER, ENCODER_DECODER, MIXTURE_OF_EXPERTS
    }

    /** List price of a hosted model in USD per million tokens. */
    public record ApiPrice(double usdPerMillionInput, double usdPerMillionOutput) {
    }

    /** @param gpu a GPU profile name such as H100-80GB (see GpuProfile.CATALOG) */
    public record Hardware(String gpu, int gpuCount) {
    }

    public ModelFacts {
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
        languages = languages == null ? List.of() : List.copyOf(languages);
        deploymentOptions = deploymentOptions == null ? Set.of() : Set.copyOf(deploymentOptions);
        dataRegions = dataRegions == null ? Set.of() : Set.copyOf(dataRegions);
        tags = tags == null ? List.of() : List.copyOf(tags);
        trainingData = trainingData == null ? TrainingDataTransparency.NONE : trainingData;
    }

    /** The facts of a model that is not a general-purpose AI model. */
    public ModelFacts(String family, String description, List<String> languages, Architecture architecture,
                      Set<DeploymentMode> deploymentOptions, TrainingDataTransparency trainingData, boolean ipIndemnity,
                      ApiPrice apiPrice, ModelShape shape, Set<String> dataRegions, List<String> tags, String sourceUrl,
                      List<String> modalities, Long activeParameterCount, Integer maxOutputTokens, Hardware hardware) {
        this(family, description, languages, architecture, deploymentOptions, trainingData, ipIndemnity, apiPrice, shape,
                dataRegions, tags, sourceUrl, modalities, activeParameterCount, maxOutputTokens, hardware, null);
    }

    /** A card that says nothing beyond its identity. */
    public static ModelFacts none() {
        return new ModelFacts(null, null, List.of(), null, Set.of(), TrainingDataTransparency.NONE, false, null, null,
                Set.of(), List.of(), null, List.of(), null, null, null);
    }
}
