package io.fmp.eval.runners;

import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.GetLeaderboardRequest;
import io.fmp.contracts.eval.v1.GetRunRequest;
import io.fmp.contracts.eval.v1.LeaderboardEntry;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesRequest;
import io.fmp.contracts.eval.v1.MetricValue;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.RunState;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.eval.datasets.Banking77;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.metrics.Classification;
import io.fmp.eval.support.EvalTestSupport;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.inference.heads.ZeroShotClassifier;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo use case end to end in the service: the Banking77 test split, all-MiniLM-L6-v2 as a
 * catalog model with its embedded endpoint, zero-shot by intent names, onto the leaderboard. The
 * run's accuracy equals the classifier's computed directly on the same split.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_eval_test"))
class ZeroShotBanking77Test {

    @GrpcClient("eval")
    EvalService eval;

    @Test
    void theShippedEncoderRoutesBankingQueriesZeroShotOntoTheLeaderboard() throws Exception {
        String modelId = EvalTestSupport.announceModel("all-MiniLM-L6-v2", List.of("text-classification"),
                EvalTestSupport.encoder("all-minilm-l6-v2", null));
        Eventually.await(() -> eval.listEvaluationCandidates(ListEvaluationCandidatesRequest.getDefaultInstance())
                .await().atMost(Duration.ofSeconds(10)).getCandidatesList(), list -> list.stream()
                .anyMatch(c -> c.getModelId().equals(modelId)), Duration.ofSeconds(30));
        String runId = eval.startRun(StartRunRequest.newBuilder().setSuite("banking77-intent").setModelId(modelId)
                .build()).await().atMost(Duration.ofSeconds(10)).getId();
        Run run = Eventually.await(() -> eval.getRun(GetRunRequest.newBuilder().setId(runId).build())
                .await().atMost(Duration.ofSeconds(10)), r -> r.getState() == RunState.SUCCEEDED, Duration.ofSeconds(180));

        Banking77.Split split = Banking77.load();
        List<String> labels = split.train().stream().map(DatasetExample::label).distinct().sorted().toList();
        List<ZeroShotClassifier.Prediction> direct = ZeroShotClassifier.fromLabelNames(SentenceEncoder.ALL_MINILM_L6_V2,
                labels).classify(split.test().stream().map(DatasetExample::input).toList());
        Classification.Report report = Classification.report(split.test().stream().map(DatasetExample::label).toList(),
                direct.stream().map(ZeroShotClassifier.Prediction::label).toList());

        MetricValue accuracy = run.getMetrics(0);
        assertEquals("accuracy", accuracy.getName());
        assertEquals(report.accuracy(), accuracy.getValue(), 1e-12);
        // chance is 1/77; intent names alone carry much of the meaning (about 0.62)
        assertTrue(accuracy.getValue() > 0.5, "accuracy " + accuracy.getValue());
        assertTrue(accuracy.getCiLower() < accuracy.getValue() && accuracy.getValue() < accuracy.getCiUpper());
        assertTrue(accuracy.getCiUpper() - accuracy.getCiLower() < 0.1, "998 examples give a narrow interval");
        assertEquals(report.macroF1(), run.getMetrics(1).getValue(), 1e-12);
        assertEquals(77, run.getPerClassCount());
        System.out.printf("Banking77 test split (%d examples), all-MiniLM-L6-v2 zero-shot: accuracy %.4f "
                        + "(95%% CI %.4f-%.4f), macro F1 %.4f%n", run.getProgress().getTotal(), accuracy.getValue(),
                accuracy.getCiLower(), accuracy.getCiUpper(), run.getMetrics(1).getValue());

        LeaderboardEntry entry = eval.getLeaderboard(GetLeaderboardRequest.newBuilder().setSuite("banking77-intent")
                .build()).await().atMost(Duration.ofSeconds(10)).getEntriesList().stream()
                .filter(e -> e.getRunId().equals(runId)).findFirst().orElseThrow();
        assertEquals(accuracy, entry.getPrimary());
        assertEquals("embedded-encoder", entry.getAdapter());
    }
}
