package io.fmp.gateway.evaluation;

import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.Decoding;
import io.fmp.contracts.eval.v1.FewShot;
import io.fmp.contracts.eval.v1.RunSettings;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.JsonBinder;
import io.fmp.gateway.validation.JsonRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the evaluation endpoints. Syntax and types are checked at the gateway; ranges and
 * the fit with the dataset by eval-service, which names the same field paths.
 */
final class EvaluationRequests {

    private EvaluationRequests() {
    }

    static CreateSuiteRequest suite(String body) {
        return JsonBinder.bind(body, SuiteRequest.class).proto();
    }

    /** @param idempotencyKey the Idempotency-Key header, or null */
    static StartRunRequest run(String body, String idempotencyKey) {
        return JsonBinder.bind(body, RunRequest.class).proto(idempotencyKey);
    }

    /** How answers are generated; zero values mean the suite's defaults. */
    @Schema(name = "Decoding")
    public record DecodingJson(Double temperature, Integer maxTokens, Double topP, List<String> stop,
                               @Schema(description = "Ask for token log-probabilities (perplexity needs them)")
                               boolean logprobs) {

        Decoding proto() {
            Decoding.Builder decoding = Decoding.newBuilder().setLogprobs(logprobs);
            if (temperature != null) {
                decoding.setTemperature(temperature);
            }
            if (maxTokens != null) {
                decoding.setMaxTokens(maxTokens);
            }
            if (topP != null) {
                decoding.setTopP(topP);
            }
            if (stop != null) {
                decoding.addAllStop(stop);
            }
            return decoding.build();
        }
    }

    /** Worked examples put in front of each prompt, sampled reproducibly from another split. */
    @Schema(name = "FewShot")
    public record FewShotJson(@Schema(required = true) int count, @Schema(required = true) String split, Long seed) {

        FewShot proto() {
            return FewShot.newBuilder().setCount(count).setSplit(split).setSeed(seed == null ? 0 : seed).build();
        }
    }

    @Schema(name = "SuiteRequest", description = "A benchmark suite version: a dataset, a task, a prompt and metrics")
    public record SuiteRequest(
            @Schema(required = true, example = "support-summaries") String name,
            @Schema(required = true, example = "tickets") String dataset,
            @Schema(required = true) ApiEnums.TaskType taskType,
            @Schema(description = "Pinned dataset version; the latest when absent") Integer datasetVersion,
            String description,
            @Schema(description = "Split to score; all when absent", example = "test") String split,
            @Schema(description = "Placeholders {{input}}, {{choices}}, {{labels}}, {{examples}}; the task's default "
                    + "when absent") String promptTemplate,
            @Schema(description = "accuracy, macro_f1, exact_match, f1, bleu, chrf, chrf++, ter, rouge1, rouge2, "
                    + "rougeL, rougeLsum, perplexity, pii_leakage, toxicity; the task's defaults when absent")
            List<String> metrics,
            String primaryMetric,
            @Schema(description = "Label -> words zero-shot classifiers compare inputs with")
            Map<String, String> labelDescriptions,
            DecodingJson decoding,
            FewShotJson fewShot) implements JsonRequest {

        CreateSuiteRequest proto() {
            SuiteSpec.Builder spec = SuiteSpec.newBuilder().setName(name).setDataset(dataset)
                    .setTaskType(ApiEnums.toProto(taskType, io.fmp.contracts.eval.v1.TaskType.class))
                    .setDatasetVersion(datasetVersion == null ? 0 : datasetVersion)
                    .setDecoding(decoding == null ? Decoding.getDefaultInstance() : decoding.proto())
                    .setFewShot(fewShot == null ? FewShot.getDefaultInstance() : fewShot.proto());
            if (metrics != null) {
                spec.addAllMetrics(metrics);
            }
            if (labelDescriptions != null) {
                spec.putAllLabelDescriptions(labelDescriptions);
            }
            if (description != null) {
                spec.setDescription(description);
            }
            if (split != null) {
                spec.setSplit(split);
            }
            if (promptTemplate != null) {
                spec.setPromptTemplate(promptTemplate);
            }
            if (primaryMetric != null) {
                spec.setPrimaryMetric(primaryMetric);
            }
            return CreateSuiteRequest.newBuilder().setSuite(spec).build();
        }
    }

    /** How a run calls the model and aggregates; absent values take eval-service's defaults. */
    @Schema(name = "RunSettings")
    public record SettingsJson(
            @Schema(description = "Requests in flight") Integer concurrency,
            Integer timeoutMs,
            @Schema(description = "Retries of a failed call (429, 5xx, timeouts)") Integer maxRetries,
            Double requestsPerSecond,
            Long tokensPerMinute,
            @Schema(description = "Examples per call (embedded encoders)") Integer batchSize,
            @Schema(description = "Share of failed examples that fails the run, 0-1") Double maxErrorRate,
            Integer bootstrapResamples,
            Long bootstrapSeed,
            @Schema(description = "Stream answers (measures time to first token)") boolean stream) {

        RunSettings proto() {
            return RunSettings.newBuilder().setConcurrency(orZero(concurrency)).setTimeoutMs(orZero(timeoutMs))
                    .setMaxRetries(orZero(maxRetries)).setRequestsPerSecond(orZero(requestsPerSecond))
                    .setTokensPerMinute(orZero(tokensPerMinute)).setBatchSize(orZero(batchSize))
                    .setMaxErrorRate(orZero(maxErrorRate)).setBootstrapResamples(orZero(bootstrapResamples))
                    .setBootstrapSeed(orZero(bootstrapSeed)).setStream(stream).build();
        }
    }

    @Schema(name = "RunRequest", description = "A run of a suite version on a catalog model")
    public record RunRequest(
            @Schema(required = true, example = "banking77-intent") String suite,
            @Schema(description = "The latest when absent") Integer suiteVersion,
            @Schema(required = true, description = "A catalog model id") String modelId,
            SettingsJson settings) implements JsonRequest {

        StartRunRequest proto(String idempotencyKey) {
            StartRunRequest.Builder request = StartRunRequest.newBuilder().setSuite(suite)
                    .setSuiteVersion(suiteVersion == null ? 0 : suiteVersion).setModelId(modelId)
                    .setSettings(settings == null ? RunSettings.getDefaultInstance() : settings.proto());
            if (idempotencyKey != null) {
                request.setIdempotencyKey(idempotencyKey);
            }
            return request.build();
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
