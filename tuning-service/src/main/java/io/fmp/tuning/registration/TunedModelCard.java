package io.fmp.tuning.registration;

import io.fmp.contracts.catalog.v1.Architecture;
import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.Lineage;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ServingEndpoint;
import io.fmp.platform.storage.Json;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.TuningMethod;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog card of a tuned model: a new version named after the job, with full lineage (base,
 * artifact, job, dataset hash) and, as {@code fmp:tuning.*} properties, everything needed to
 * reproduce it (dataset version, splits and seed, hyperparameters, code version) and its metrics.
 * A head is served like its base encoder, with the head on top (eval-service reads the lineage).
 * It runs where its base runs, so it inherits the base's deployment facts (where it can be
 * deployed, languages, training-data transparency, hardware), which selection constraints test;
 * not the provider's promises (IP indemnity, API price), which do not cover a derivative.
 */
public final class TunedModelCard {

    private TunedModelCard() {
    }

    /** The catalog version of a job's model: "job-" and the job id's first 8 characters. */
    public static String version(String jobId) {
        return "job-" + jobId.substring(0, 8);
    }

    /**
     * @param baseFacts      the base model's facts in the catalog
     * @param headParameters weights and biases the head adds (0 for other methods)
     * @param codeVersion    what trained it: this service's version and the trainer (image or class)
     */
    public static ModelCardSpec of(String jobId, JobSpec spec, ModelFacts baseFacts, String artifactUri,
                                   String datasetSha256, Map<String, Double> metrics, long headParameters,
                                   String codeVersion) {
        JobSpec.Base base = spec.base();
        boolean head = spec.method() == TuningMethod.CLASSIFIER_HEAD;
        ArtifactKind kind = switch (spec.method()) {
            case CLASSIFIER_HEAD -> ArtifactKind.HEAD;
            case FULL -> ArtifactKind.FULL_WEIGHTS;
            case LORA, QLORA, PROMPT_TUNING -> ArtifactKind.ADAPTER;
        };
        Map<String, String> properties = new TreeMap<>();
        properties.put("fmp:tuning.job-id", jobId);
        properties.put("fmp:tuning.method", spec.method().word());
        properties.put("fmp:tuning.executor", spec.executor().word());
        properties.put("fmp:tuning.base", base.name() + " " + base.version());
        properties.put("fmp:tuning.dataset", spec.dataset().name() + "@" + spec.dataset().version());
        properties.put("fmp:tuning.dataset-sha256", datasetSha256);
        properties.put("fmp:tuning.splits", Json.write(spec.splits()));
        properties.put("fmp:tuning.split-seed", Long.toString(spec.splits().seed()));
        properties.put("fmp:tuning.hyperparameters", Json.write(spec.hyperparameters()));
        properties.put("fmp:tuning.early-stopping", Json.write(spec.earlyStopping()));
        if (spec.lora() != null) {
            properties.put("fmp:tuning.lora", Json.write(spec.lora()));
        }
        properties.put("fmp:tuning.code-version", codeVersion);
        properties.put("fmp:tuning.metrics", Json.write(new TreeMap<>(metrics)));

        ModelCardSpec.Builder card = ModelCardSpec.newBuilder()
                .setName(spec.outputName())
                .setProvider(base.provider())
                .setVersion(version(jobId))
                .setParameterCount(base.parameterCount() + headParameters)
                .setLicense(base.license())
                .setContextWindow(base.contextWindow())
                .addTasks(head ? "text-classification" : "text-generation")
                .setFacts(ModelFacts.newBuilder()
                        .setFamily(baseFacts.getFamily())
                        .addAllLanguages(baseFacts.getLanguagesList())
                        .addAllDeploymentOptions(baseFacts.getDeploymentOptionsList())
                        .setTrainingData(baseFacts.getTrainingData())
                        .addAllDataRegions(baseFacts.getDataRegionsList())
                        .addAllModalities(baseFacts.getModalitiesList())
                        .setDescription(base.name() + " " + base.version() + " tuned (" + spec.method().word()
                                + ") on " + spec.dataset().name() + " v" + spec.dataset().version() + " by tuning job "
                                + jobId)
                        .setArchitecture(head ? Architecture.ENCODER : Architecture.DECODER)
                        .addTags("tuned"))
                .putAllProperties(properties)
                .setLineage(Lineage.newBuilder().setBaseModelId(base.id()).setArtifactKind(kind)
                        .setArtifactUri(artifactUri).setTuningJobId(jobId).setDatasetSha256(datasetSha256))
                .setDocumentation(documentation(jobId, spec, metrics));
        if (baseFacts.hasShape()) {
            card.getFactsBuilder().setShape(baseFacts.getShape());
        }
        if (baseFacts.hasHardware()) {
            card.getFactsBuilder().setHardware(baseFacts.getHardware());
        }
        if (head) {
            card.addEndpoints(ServingEndpoint.newBuilder().setProtocol(EndpointProtocol.EMBEDDED_ENCODER)
                    .setUrl(base.encoder()));
        }
        return card.build();
    }

    private static String documentation(String jobId, JobSpec spec, Map<String, Double> metrics) {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(spec.outputName()).append("\n\n")
                .append("Tuned from ").append(spec.base().name()).append(' ').append(spec.base().version())
                .append(" with ").append(spec.method().word()).append(" by tuning job `").append(jobId)
                .append("` on dataset `").append(spec.dataset().name()).append("` version ")
                .append(spec.dataset().version()).append(".\n\n| metric | value |\n|---|---|\n");
        Map<String, Double> ordered = new LinkedHashMap<>(new TreeMap<>(metrics));
        ordered.forEach((name, value) -> text.append("| ").append(name).append(" | ")
                .append(value == Math.rint(value) ? Long.toString(value.longValue())
                        : String.format(Locale.ROOT, "%.4f", value)).append(" |\n"));
        return text.toString();
    }
}
