package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.Architecture;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.HardwareProfile;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.contracts.catalog.v1.TrainingDataTransparency;
import io.fmp.gateway.validation.ApiWords;
import io.fmp.gateway.validation.JsonObjectReader;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The optional {@code facts} object of a model card, in and out of JSON. */
final class ModelFactsJson {

    static final Set<String> FIELDS = Set.of("family", "description", "languages", "architecture",
            "deploymentOptions", "trainingData", "ipIndemnity", "apiPrice", "shape", "dataRegions", "tags", "sourceUrl",
            "modalities", "activeParameterCount", "maxOutputTokens", "hardware");

    private static final Map<String, Architecture> ARCHITECTURES = Map.of("decoder", Architecture.DECODER,
            "encoder", Architecture.ENCODER, "encoder-decoder", Architecture.ENCODER_DECODER,
            "mixture-of-experts", Architecture.MIXTURE_OF_EXPERTS);
    private static final Map<String, TrainingDataTransparency> TRAINING_DATA = Map.of(
            "none", TrainingDataTransparency.TRAINING_DATA_NONE,
            "summary", TrainingDataTransparency.TRAINING_DATA_SUMMARY,
            "full", TrainingDataTransparency.TRAINING_DATA_FULL);

    private ModelFactsJson() {
    }

    /** Reads the facts; every problem is recorded in the reader (whose requireValid throws). */
    static ModelFacts read(JsonObjectReader facts) {
        ModelFacts.Builder proto = ModelFacts.newBuilder();
        String family = facts.optionalString("family");
        String description = facts.optionalString("description");
        List<String> languages = facts.optionalStringList("languages");
        Architecture architecture = facts.optionalEnum("architecture", ARCHITECTURES);
        List<DeploymentOption> options = facts.optionalEnumList("deploymentOptions", ApiWords.DEPLOYMENT_OPTIONS);
        TrainingDataTransparency trainingData = facts.optionalEnum("trainingData", TRAINING_DATA);
        boolean indemnity = facts.optionalBoolean("ipIndemnity");
        JsonObjectReader price = facts.optionalObject("apiPrice", Set.of("usdPerMillionInput", "usdPerMillionOutput"));
        Double priceIn = price == null ? null : price.requiredDouble("usdPerMillionInput");
        Double priceOut = price == null ? null : price.requiredDouble("usdPerMillionOutput");
        JsonObjectReader shape = facts.optionalObject("shape", Set.of("layers", "kvHeads", "headDim"));
        Integer layers = shape == null ? null : shape.requiredInt("layers");
        Integer kvHeads = shape == null ? null : shape.requiredInt("kvHeads");
        Integer headDim = shape == null ? null : shape.requiredInt("headDim");
        List<String> regions = facts.optionalStringList("dataRegions");
        List<String> tags = facts.optionalStringList("tags");
        String sourceUrl = facts.optionalString("sourceUrl");
        proto.addAllModalities(facts.optionalStringList("modalities"));
        Long active = facts.optionalLong("activeParameterCount");
        Integer maxOutput = facts.optionalInteger("maxOutputTokens");
        JsonObjectReader hardware = facts.optionalObject("hardware", Set.of("gpu", "gpuCount"));
        String gpu = hardware == null ? null : hardware.requiredString("gpu");
        Integer gpuCount = hardware == null ? null : hardware.requiredInt("gpuCount");
        if (active != null) {
            proto.setActiveParameterCount(active);
        }
        if (maxOutput != null) {
            proto.setMaxOutputTokens(maxOutput);
        }
        if (gpu != null && gpuCount != null) {
            proto.setHardware(HardwareProfile.newBuilder().setGpu(gpu).setGpuCount(gpuCount));
        }
        if (family != null) {
            proto.setFamily(family);
        }
        if (description != null) {
            proto.setDescription(description);
        }
        if (languages != null) {
            proto.addAllLanguages(languages);
        }
        if (architecture != null) {
            proto.setArchitecture(architecture);
        }
        proto.addAllDeploymentOptions(options);
        if (trainingData != null) {
            proto.setTrainingData(trainingData);
        }
        proto.setIpIndemnity(indemnity);
        if (priceIn != null && priceOut != null) {
            proto.setApiPrice(ApiPricing.newBuilder().setUsdPerMillionInput(priceIn).setUsdPerMillionOutput(priceOut));
        }
        if (layers != null && kvHeads != null && headDim != null) {
            proto.setShape(ModelShape.newBuilder().setLayers(layers).setKvHeads(kvHeads).setHeadDim(headDim));
        }
        if (regions != null) {
            proto.addAllDataRegions(regions);
        }
        if (tags != null) {
            proto.addAllTags(tags);
        }
        if (sourceUrl != null) {
            proto.setSourceUrl(sourceUrl);
        }
        return proto.build();
    }

    /** The facts as the REST API shows them. */
    public record Response(String family, String description, List<String> languages, String architecture,
                           List<String> deploymentOptions, String trainingData, boolean ipIndemnity,
                           Map<String, Double> apiPrice, Map<String, Integer> shape, List<String> dataRegions,
                           List<String> tags, String sourceUrl, List<String> modalities, Long activeParameterCount,
                           Integer maxOutputTokens, Hardware hardware) {

        static Response of(ModelFacts facts) {
            return new Response(emptyToNull(facts.getFamily()), emptyToNull(facts.getDescription()),
                    facts.getLanguagesList(),
                    facts.getArchitecture() == Architecture.ARCHITECTURE_UNSPECIFIED ? null
                            : ApiWords.word(facts.getArchitecture().name()),
                    facts.getDeploymentOptionsList().stream().map(o -> ApiWords.word(o.name())).toList(),
                    ApiWords.word(facts.getTrainingData().name().replace("TRAINING_DATA_", "")),
                    facts.getIpIndemnity(),
                    facts.hasApiPrice() ? Map.of("usdPerMillionInput", facts.getApiPrice().getUsdPerMillionInput(),
                            "usdPerMillionOutput", facts.getApiPrice().getUsdPerMillionOutput()) : null,
                    facts.hasShape() ? Map.of("layers", facts.getShape().getLayers(), "kvHeads",
                            facts.getShape().getKvHeads(), "headDim", facts.getShape().getHeadDim()) : null,
                    facts.getDataRegionsList(), facts.getTagsList(), emptyToNull(facts.getSourceUrl()),
                    facts.getModalitiesList(),
                    facts.getActiveParameterCount() == 0 ? null : facts.getActiveParameterCount(),
                    facts.getMaxOutputTokens() == 0 ? null : facts.getMaxOutputTokens(),
                    facts.hasHardware() ? new Hardware(facts.getHardware().getGpu(), facts.getHardware().getGpuCount()) : null);
        }
    }

    /** The GPU profile and count one self-hosted replica runs on. */
    public record Hardware(String gpu, int gpuCount) {
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
