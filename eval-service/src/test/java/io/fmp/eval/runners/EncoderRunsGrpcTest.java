package io.fmp.eval.runners;

import io.fmp.contracts.artifacts.ClassifierHeads;
import io.fmp.contracts.artifacts.v1.Activation;
import io.fmp.contracts.artifacts.v1.ClassifierHead;
import io.fmp.contracts.artifacts.v1.DenseLayer;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.ExampleResult;
import io.fmp.contracts.eval.v1.GetLeaderboardRequest;
import io.fmp.contracts.eval.v1.GetRunRequest;
import io.fmp.contracts.eval.v1.Leaderboard;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesRequest;
import io.fmp.contracts.eval.v1.ListRunResultsRequest;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.RunState;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.eval.v1.TaskType;
import io.fmp.contracts.events.ModelServing;
import io.fmp.eval.support.EvalTestSupport;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedded encoders as models: zero-shot by label similarity, and "encoder + trained head". */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_eval_test"))
class EncoderRunsGrpcTest {

    private static final List<String> LABELS = List.of("card_arrival", "exchange_rate", "pin_blocked");
    private static final String CSV = """
            text,label,split
            My card still has not arrived,card_arrival,test
            When will my new card come in the post?,card_arrival,test
            It has been two weeks and no card,card_arrival,test
            How long does card delivery take?,card_arrival,test
            What exchange rate do you use?,exchange_rate,test
            How much is one euro in dollars today?,exchange_rate,test
            Is the currency conversion rate fair?,exchange_rate,test
            Why did I get a bad rate when I paid abroad?,exchange_rate,test
            My PIN is blocked,pin_blocked,test
            I typed the wrong PIN three times and now it is locked,pin_blocked,test
            How do I unblock my PIN?,pin_blocked,test
            The ATM says my PIN is blocked,pin_blocked,test
            """;

    @GrpcClient("eval")
    EvalService eval;

    @Test
    void aTrainedHeadOnTheEncoderIsServedAsAModelAndScoredLikeAnyOther() throws Exception {
        intentSuite("mini-intent", "mini-intents");

        // a head whose weight rows are the label descriptions' embeddings: it must predict what zero-shot predicts
        List<float[]> rows = SentenceEncoder.ALL_MINILM_L6_V2.encode(List.of("card arrival", "exchange rate",
                "pin blocked"));
        DenseLayer.Builder layer = DenseLayer.newBuilder().setInputs(384).setOutputs(3).setActivation(Activation.NONE);
        rows.forEach(row -> {
            for (float w : row) {
                layer.addWeights(w);
            }
            layer.addBias(0);
        });
        Path heads = Files.createDirectories(Path.of("target/test-heads")); // fmp.eval.heads-dir in the test profile
        Path head = Files.createTempFile(heads, "head-", ".json");
        Files.writeString(head, ClassifierHeads.json(ClassifierHead.newBuilder().setFormat(ClassifierHeads.FORMAT)
                .setEncoder("all-minilm-l6-v2").setDimensions(384).addAllLabels(LABELS).addLayers(layer)
                .putProvenance("note", "label embeddings, for the test").build()));

        String zeroShot = announce("MiniLM zero-shot", EvalTestSupport.encoder("all-minilm-l6-v2", null));
        String tuned = announce("MiniLM + head", EvalTestSupport.encoder("all-minilm-l6-v2", head.toUri().toString()));
        Run zeroShotRun = run(zeroShot);
        Run tunedRun = run(tuned);
        assertEquals("embedded-encoder", zeroShotRun.getAdapter());
        assertEquals("embedded-encoder+head", tunedRun.getAdapter());
        assertEquals(predictions(zeroShotRun), predictions(tunedRun));
        double accuracy = zeroShotRun.getMetrics(0).getValue();
        assertTrue(accuracy >= 0.75, "the encoder routes these plain queries: " + accuracy);
        assertEquals(accuracy, tunedRun.getMetrics(0).getValue());
        assertEquals(3, zeroShotRun.getPerClassCount());

        Leaderboard board = eval.getLeaderboard(GetLeaderboardRequest.newBuilder().setSuite("mini-intent").build())
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of(zeroShot, tuned).stream().sorted().toList(), board.getEntriesList().stream()
                .map(e -> e.getModelId()).sorted().toList());

        String missingHead = announce("MiniLM + lost head", EvalTestSupport.encoder("all-minilm-l6-v2",
                head.resolveSibling("gone.json").toUri().toString()));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> eval.startRun(
                StartRunRequest.newBuilder().setSuite("mini-intent").setModelId(missingHead).build())
                .await().atMost(Duration.ofSeconds(10)));
        assertTrue(GrpcErrors.fieldViolations(refused).get(0).message().contains("cannot be read"));
    }

    @Test
    void aHeadFileIsReadOnlyFromTheHeadsDirectoryAndOnlyAsARegularFile() throws Exception {
        intentSuite("mini-intent-files", "mini-intents-files");
        Path heads = Files.createDirectories(Path.of("target/test-heads"));
        Path link = heads.resolve("environ-" + System.nanoTime() + ".json");
        Files.createSymbolicLink(link, Path.of("/proc/self/environ"));
        Map<String, String> refusals = Map.of(
                "file:///dev/zero", "outside the heads directory",
                "file:///proc/self/environ", "outside the heads directory",
                heads.toAbsolutePath().resolve("../../pom.xml").toUri().toString(), "outside the heads directory",
                link.toAbsolutePath().toUri().toString(), "outside the heads directory",
                heads.toAbsolutePath().toUri().toString(), "not a regular file");
        for (Map.Entry<String, String> attack : refusals.entrySet()) {
            String model = announce("MiniLM + " + attack.getKey(), EvalTestSupport.encoder("all-minilm-l6-v2", attack.getKey()));
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> eval.startRun(
                    StartRunRequest.newBuilder().setSuite("mini-intent-files").setModelId(model).build())
                    .await().atMost(Duration.ofSeconds(10)));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
            FieldViolation violation = GrpcErrors.fieldViolations(refused).get(0);
            assertEquals("modelId", violation.field());
            assertTrue(violation.message().contains(attack.getValue()), attack.getKey() + ": " + violation.message());
        }
    }

    private void intentSuite(String suite, String dataset) {
        EvalTestSupport.upload(eval, dataset, DatasetFormat.CSV, CSV, 128);
        eval.createSuite(CreateSuiteRequest.newBuilder().setSuite(SuiteSpec.newBuilder().setName(suite)
                .setDataset(dataset).setSplit("test").setTaskType(TaskType.CLASSIFICATION)).build())
                .await().atMost(Duration.ofSeconds(10));
    }

    private String announce(String name, ModelServing serving) {
        String id = EvalTestSupport.announceModel(name, List.of("text-classification"), serving);
        Eventually.await(() -> eval.listEvaluationCandidates(ListEvaluationCandidatesRequest.getDefaultInstance())
                .await().atMost(Duration.ofSeconds(10)).getCandidatesList(), list -> list.stream()
                .anyMatch(c -> c.getModelId().equals(id)), Duration.ofSeconds(30));
        return id;
    }

    private Run run(String modelId) {
        String id = eval.startRun(StartRunRequest.newBuilder().setSuite("mini-intent").setModelId(modelId).build())
                .await().atMost(Duration.ofSeconds(10)).getId();
        return Eventually.await(() -> eval.getRun(GetRunRequest.newBuilder().setId(id).build())
                .await().atMost(Duration.ofSeconds(10)), r -> r.getState() == RunState.SUCCEEDED, Duration.ofSeconds(90));
    }

    private List<String> predictions(Run run) {
        return eval.listRunResults(ListRunResultsRequest.newBuilder().setRunId(run.getId()).setLimit(100).build())
                .await().atMost(Duration.ofSeconds(10)).getResultsList().stream().map(ExampleResult::getOutput).toList();
    }
}
