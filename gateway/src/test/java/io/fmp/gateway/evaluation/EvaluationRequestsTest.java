package io.fmp.gateway.evaluation;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.TaskType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationRequestsTest {

    private static List<String> fields(Runnable call) {
        return assertThrows(InvalidInputException.class, call::run).violations().stream()
                .map(FieldViolation::field).toList();
    }

    @Test
    void aSuiteBodyBecomesTheSuiteSpec() {
        CreateSuiteRequest request = EvaluationRequests.suite("""
                {"name": "qa", "dataset": "squad-mini", "datasetVersion": 2, "split": "test", "taskType": "extraction",
                 "metrics": ["exact_match", "f1"], "decoding": {"temperature": 0.2, "maxTokens": 32, "stop": ["\\n"]},
                 "fewShot": {"count": 2, "split": "train", "seed": 9}, "labelDescriptions": {}}""");
        var spec = request.getSuite();
        assertEquals(TaskType.EXTRACTION, spec.getTaskType());
        assertEquals(2, spec.getDatasetVersion());
        assertEquals(List.of("exact_match", "f1"), spec.getMetricsList());
        assertEquals(0.2, spec.getDecoding().getTemperature());
        assertEquals(List.of("\n"), spec.getDecoding().getStopList());
        assertEquals(9, spec.getFewShot().getSeed());
    }

    @Test
    void everyBadSuiteFieldIsNamed() {
        assertEquals(List.of("colour", "name", "taskType", "metrics", "decoding.top_k", "decoding.maxTokens",
                "fewShot.split"), fields(() -> EvaluationRequests.suite("""
                {"dataset": "d", "taskType": "ranking", "metrics": "bleu", "colour": "blue",
                 "decoding": {"maxTokens": "many", "top_k": 5}, "fewShot": {"count": 1}}""")));
        assertTrue(fields(() -> EvaluationRequests.suite("{\"name\": \"x\", \"dataset\": \"d\"}")).contains("taskType"));
    }

    @Test
    void aRunBodyTakesSettingsAndTheIdempotencyKey() {
        StartRunRequest request = EvaluationRequests.run("""
                {"suite": "banking77-intent", "modelId": "m-1",
                 "settings": {"concurrency": 4, "requestsPerSecond": 2.5, "stream": true}}""", "key-7");
        assertEquals(4, request.getSettings().getConcurrency());
        assertEquals(2.5, request.getSettings().getRequestsPerSecond());
        assertTrue(request.getSettings().getStream());
        assertEquals("key-7", request.getIdempotencyKey());
        assertEquals(List.of("modelId", "settings.concurrency"), fields(() -> EvaluationRequests.run(
                "{\"suite\": \"s\", \"settings\": {\"concurrency\": 1.5}}", null)));
    }
}
