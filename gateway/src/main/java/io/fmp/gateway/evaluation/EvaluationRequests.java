package io.fmp.gateway.evaluation;

import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.Decoding;
import io.fmp.contracts.eval.v1.FewShot;
import io.fmp.contracts.eval.v1.RunSettings;
import io.fmp.contracts.eval.v1.RunState;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.eval.v1.TaskType;
import io.fmp.gateway.validation.JsonObjectReader;

import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON bodies of the evaluation endpoints. Syntax and types are checked here; ranges and
 * the fit with the dataset by eval-service, which names the same field paths.
 */
final class EvaluationRequests {

    static final Map<String, TaskType> TASK_TYPES = Map.of("classification", TaskType.CLASSIFICATION,
            "multiple-choice", TaskType.MULTIPLE_CHOICE, "generation", TaskType.GENERATION,
            "extraction", TaskType.EXTRACTION);
    static final Map<String, RunState> RUN_STATES = Map.of("queued", RunState.QUEUED, "running", RunState.RUNNING,
            "succeeded", RunState.SUCCEEDED, "failed", RunState.FAILED, "cancelled", RunState.CANCELLED);

    private EvaluationRequests() {
    }

    static CreateSuiteRequest suite(String body) {
        JsonObjectReader reader = JsonObjectReader.parse(body, Set.of("name", "description", "dataset",
                "datasetVersion", "split", "taskType", "promptTemplate", "metrics", "primaryMetric", "decoding",
                "fewShot", "labelDescriptions"));
        SuiteSpec.Builder spec = SuiteSpec.newBuilder();
        String name = reader.requiredString("name");
        String dataset = reader.requiredString("dataset");
        TaskType task = reader.optionalEnum("taskType", TASK_TYPES);
        if (!reader.present("taskType")) {
            reader.reject("taskType", "is required: " + String.join(", ", new java.util.TreeSet<>(TASK_TYPES.keySet())));
        }
        Integer datasetVersion = reader.optionalInt("datasetVersion", 0);
        String description = reader.optionalString("description");
        String split = reader.optionalString("split");
        String template = reader.optionalString("promptTemplate");
        var metrics = reader.optionalStringList("metrics");
        String primary = reader.optionalString("primaryMetric");
        Map<String, String> descriptions = reader.optionalStringMap("labelDescriptions");
        JsonObjectReader decoding = reader.optionalObject("decoding", Set.of("temperature", "maxTokens", "topP",
                "stop", "logprobs"));
        Decoding.Builder decodingProto = Decoding.newBuilder();
        if (decoding != null) {
            Double temperature = decoding.optionalDouble("temperature");
            Integer maxTokens = decoding.optionalInt("maxTokens", 0);
            Double topP = decoding.optionalDouble("topP");
            var stop = decoding.optionalStringList("stop");
            boolean logprobs = decoding.optionalBoolean("logprobs");
            if (temperature != null) {
                decodingProto.setTemperature(temperature);
            }
            if (maxTokens != null) {
                decodingProto.setMaxTokens(maxTokens);
            }
            if (topP != null) {
                decodingProto.setTopP(topP);
            }
            if (stop != null) {
                decodingProto.addAllStop(stop);
            }
            decodingProto.setLogprobs(logprobs);
        }
        JsonObjectReader fewShot = reader.optionalObject("fewShot", Set.of("count", "split", "seed"));
        FewShot.Builder fewShotProto = FewShot.newBuilder();
        if (fewShot != null) {
            Integer count = fewShot.requiredInt("count");
            String from = fewShot.requiredString("split");
            Long seed = fewShot.optionalLong("seed");
            if (count != null) {
                fewShotProto.setCount(count);
            }
            if (from != null) {
                fewShotProto.setSplit(from);
            }
            if (seed != null) {
                fewShotProto.setSeed(seed);
            }
        }
        reader.requireValid();
        spec.setName(name).setDataset(dataset).setDatasetVersion(datasetVersion).setDecoding(decodingProto)
                .setFewShot(fewShotProto).putAllLabelDescriptions(descriptions).addAllMetrics(metrics);
        if (task != null) {
            spec.setTaskType(task);
        }
        if (description != null) {
            spec.setDescription(description);
        }
        if (split != null) {
            spec.setSplit(split);
        }
        if (template != null) {
            spec.setPromptTemplate(template);
        }
        if (primary != null) {
            spec.setPrimaryMetric(primary);
        }
        return CreateSuiteRequest.newBuilder().setSuite(spec).build();
    }

    /** @param idempotencyKey the Idempotency-Key header, or null */
    static StartRunRequest run(String body, String idempotencyKey) {
        JsonObjectReader reader = JsonObjectReader.parse(body, Set.of("suite", "suiteVersion", "modelId", "settings"));
        String suite = reader.requiredString("suite");
        Integer suiteVersion = reader.optionalInt("suiteVersion", 0);
        String modelId = reader.requiredString("modelId");
        JsonObjectReader settings = reader.optionalObject("settings", Set.of("concurrency", "timeoutMs", "maxRetries",
                "requestsPerSecond", "tokensPerMinute", "batchSize", "maxErrorRate", "bootstrapResamples",
                "bootstrapSeed", "stream"));
        RunSettings.Builder settingsProto = RunSettings.newBuilder();
        if (settings != null) {
            Integer concurrency = settings.optionalInt("concurrency", 0);
            Integer timeout = settings.optionalInt("timeoutMs", 0);
            Integer retries = settings.optionalInt("maxRetries", 0);
            Double rate = settings.optionalDouble("requestsPerSecond");
            Long tokens = settings.optionalLong("tokensPerMinute");
            Integer batch = settings.optionalInt("batchSize", 0);
            Double errorRate = settings.optionalDouble("maxErrorRate");
            Integer resamples = settings.optionalInt("bootstrapResamples", 0);
            Long seed = settings.optionalLong("bootstrapSeed");
            boolean stream = settings.optionalBoolean("stream");
            reader.requireValid();
            settingsProto.setConcurrency(concurrency).setTimeoutMs(timeout).setMaxRetries(retries)
                    .setRequestsPerSecond(rate == null ? 0 : rate).setTokensPerMinute(tokens == null ? 0 : tokens)
                    .setBatchSize(batch).setMaxErrorRate(errorRate == null ? 0 : errorRate)
                    .setBootstrapResamples(resamples).setBootstrapSeed(seed == null ? 0 : seed).setStream(stream);
        }
        reader.requireValid();
        StartRunRequest.Builder request = StartRunRequest.newBuilder().setSuite(suite).setSuiteVersion(suiteVersion)
                .setModelId(modelId).setSettings(settingsProto);
        if (idempotencyKey != null) {
            request.setIdempotencyKey(idempotencyKey);
        }
        return request.build();
    }
}
