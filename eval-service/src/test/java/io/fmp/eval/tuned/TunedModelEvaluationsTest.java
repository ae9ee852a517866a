package io.fmp.eval.tuned;

import io.fmp.contracts.artifacts.ClassifierHeads;
import io.fmp.contracts.artifacts.v1.Activation;
import io.fmp.contracts.artifacts.v1.ClassifierHead;
import io.fmp.contracts.artifacts.v1.DenseLayer;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.ListRunsRequest;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.RunState;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.eval.v1.TaskType;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.events.TuningCompleted;
import io.fmp.eval.support.EvalTestSupport;
import io.fmp.eval.support.TuningArtifactServer;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.platform.testing.Eventually;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tuned model is evaluated by itself: {@code tuning.completed} names the suite, the run starts
 * once the catalog's {@code model.registered} has arrived (here: after), its head comes from
 * tuning-service by its {@code tuning://} URI, and a repeated event starts no second run.
 */
@QuarkusTest
@QuarkusTestResource(TuningArtifactServer.class)
class TunedModelEvaluationsTest {

    private static final String CSV = """
            text,label,split
            My card still has not arrived,card_arrival,test
            When will my new card come in the post?,card_arrival,test
            What exchange rate do you use?,exchange_rate,test
            How much is one euro in dollars today?,exchange_rate,test
            """;

    @GrpcClient("eval")
    EvalService eval;

    private static void completed(String jobId, String modelId, String suite) {
        EvalTestSupport.kafka().send(Topics.TUNING, new EventEnvelope(UUID.randomUUID().toString(),
                EventTypes.TUNING_COMPLETED, "tuning-service", jobId, Instant.now(), null, EventCodec.toData(
                new TuningCompleted(jobId, "base", modelId, "classifier-head", "tuning://" + jobId + "/head.json",
                        "ab".repeat(32), suite, Map.of("test_accuracy", 0.9), 0, 0.01, 0.001, 0.01, 0.004, "shared"))));
    }

    private List<Run> runsOf(String modelId) {
        return eval.listRuns(ListRunsRequest.newBuilder().setModelId(modelId).build()).await()
                .atMost(Duration.ofSeconds(10)).getRunsList();
    }

    @Test
    void aTunedModelIsEvaluatedOnItsJobsSuiteOnceTheCatalogHasAnnouncedIt() throws Exception {
        EvalTestSupport.upload(eval, "tuned-intents", DatasetFormat.CSV, CSV, 128);
        eval.createSuite(CreateSuiteRequest.newBuilder().setSuite(SuiteSpec.newBuilder().setName("tuned-intent")
                .setDataset("tuned-intents").setSplit("test").setTaskType(TaskType.CLASSIFICATION)).build())
                .await().atMost(Duration.ofSeconds(10));
        String jobId = UUID.randomUUID().toString();
        List<float[]> rows = SentenceEncoder.ALL_MINILM_L6_V2.encode(List.of("card arrival", "exchange rate"));
        DenseLayer.Builder layer = DenseLayer.newBuilder().setInputs(384).setOutputs(2).setActivation(Activation.NONE);
        rows.forEach(row -> {
            for (float w : row) {
                layer.addWeights(w);
            }
            layer.addBias(0);
        });
        TuningArtifactServer.ARTIFACTS.put(jobId + "/head.json", ClassifierHeads.json(ClassifierHead.newBuilder()
                .setFormat(ClassifierHeads.FORMAT).setEncoder("embedded:all-minilm-l6-v2").setDimensions(384)
                .addLabels("card_arrival").addLabels("exchange_rate").addLayers(layer).build())
                .getBytes(StandardCharsets.UTF_8));

        String modelId = UUID.randomUUID().toString();
        completed(jobId, modelId, "tuned-intent");
        // the job's event first: nothing can run before the model is known
        Thread.sleep(1500);
        assertEquals(List.of(), runsOf(modelId));

        String announced = EvalTestSupport.announceModel(modelId, "Intent head", List.of("text-classification"),
                EvalTestSupport.encoder("all-minilm-l6-v2", "tuning://" + jobId + "/head.json"));
        assertEquals(modelId, announced);
        Run run = Eventually.await(() -> runsOf(modelId), runs -> !runs.isEmpty()
                && runs.get(0).getState() == RunState.SUCCEEDED, Duration.ofSeconds(60)).get(0);
        assertEquals("embedded-encoder+head", run.getAdapter());
        assertEquals("tuned-intent", run.getSuite());
        assertEquals(1.0, run.getMetrics(0).getValue(), "the head separates these plain queries");

        completed(jobId, modelId, "tuned-intent");
        Thread.sleep(1500);
        assertEquals(1, runsOf(modelId).size(), "one run per tuning job");
    }
}
