package io.fmp.eval.runs;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.eval.v1.CancelRunRequest;
import io.fmp.contracts.eval.v1.CompareRunsRequest;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.ExampleResult;
import io.fmp.contracts.eval.v1.GetLeaderboardRequest;
import io.fmp.contracts.eval.v1.GetRunRequest;
import io.fmp.contracts.eval.v1.Leaderboard;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesRequest;
import io.fmp.contracts.eval.v1.ListRunResultsRequest;
import io.fmp.contracts.eval.v1.ListRunResultsResponse;
import io.fmp.contracts.eval.v1.ListRunsRequest;
import io.fmp.contracts.eval.v1.MetricComparison;
import io.fmp.contracts.eval.v1.MetricValue;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.RunComparison;
import io.fmp.contracts.eval.v1.RunSettings;
import io.fmp.contracts.eval.v1.RunState;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.eval.v1.TaskType;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EvalFailed;
import io.fmp.contracts.events.EvalProgress;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelServing;
import io.fmp.contracts.events.Topics;
import io.fmp.metrics.Bleu;
import io.fmp.eval.support.EvalTestSupport;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.OpenAiStubServer;
import io.fmp.platform.testing.OpenAiStubServer.Reply;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs against a local OpenAI-compatible server: scores equal the metrics library's, events reach
 * Kafka, failures stay per example, answers are cached, runs are cancelled and taken over, models
 * are ranked and compared.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_eval_test"))
class RunsGrpcTest {

    private static final int EXAMPLES = 40;
    /** example 13 asks for something the endpoint refuses (HTTP 400) */
    private static final int REFUSED = 13;
    private static OpenAiStubServer stub;
    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

    @GrpcClient("eval")
    EvalService eval;

    @BeforeAll
    static void startEndpoint() {
        stub = OpenAiStubServer.start(32, request -> {
            String text = request.prompt().substring("Translate: ".length());
            if (text.contains("refuse")) {
                return Reply.status(400);
            }
            return switch (request.model()) {
                case "good-model" -> Reply.answer(text);
                // drops every third word
                case "noisy-model" -> Reply.answer(String.join(" ", IntStream.range(0, text.split(" ").length)
                        .filter(i -> i % 3 != 2).mapToObj(i -> text.split(" ")[i]).toList()));
                case "broken-model" -> Reply.status(500);
                case "slow-model" -> Reply.answer(text).after(150);
                case "held-model" -> {
                    try {
                        RELEASE_SLOW.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield Reply.answer(text);
                }
                default -> Reply.status(404);
            };
        });
    }

    @AfterAll
    static void stopEndpoint() {
        RELEASE_SLOW.countDown();
        stub.close();
    }

    /** Reference i: a sentence of 6 to 12 words; the input asks for it back. */
    private static String reference(int i) {
        String[] words = {"the", "bank", "card", "arrived", "late", "again", "and", "my", "transfer", "is", "still",
                "pending", "today", "please", "help"};
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 6 + i % 7; w++) {
            text.append(w == 0 ? "" : " ").append(words[(i * 7 + w * 3) % words.length]);
        }
        return i == REFUSED ? text + " refuse" : text.toString();
    }

    private static synchronized void ensureSuite(EvalService eval) {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < EXAMPLES; i++) {
            jsonl.append("{\"input\": \"").append(reference(i)).append("\", \"reference\": \"").append(reference(i))
                    .append("\"}\n");
        }
        EvalTestSupport.upload(eval, "echo-set", DatasetFormat.JSONL, jsonl.toString(), 512);
        eval.createSuite(CreateSuiteRequest.newBuilder().setSuite(SuiteSpec.newBuilder().setName("echo-suite")
                .setDataset("echo-set").setTaskType(TaskType.GENERATION).setPromptTemplate("Translate: {{input}}")
                .addMetrics("bleu").addMetrics("chrf").addMetrics("rougeL").addMetrics("exact_match")).build())
                .await().atMost(Duration.ofSeconds(10));
    }

    private String model(String name) {
        String id = EvalTestSupport.announceModel(name, List.of("text-generation"),
                EvalTestSupport.openAiChat(stub.baseUrl(), 0.5, 1.5));
        Eventually.await(() -> eval.listEvaluationCandidates(ListEvaluationCandidatesRequest.getDefaultInstance())
                .await().atMost(Duration.ofSeconds(10)).getCandidatesList(), list -> list.stream()
                .anyMatch(c -> c.getModelId().equals(id)), Duration.ofSeconds(30));
        return id;
    }

    private Run start(String modelId, RunSettings settings, String key) {
        return eval.startRun(StartRunRequest.newBuilder().setSuite("echo-suite").setModelId(modelId)
                .setSettings(settings).setIdempotencyKey(key).build()).await().atMost(Duration.ofSeconds(10));
    }

    private Run awaitRun(String id, Predicate<Run> done) {
        return Eventually.await(() -> eval.getRun(GetRunRequest.newBuilder().setId(id).build())
                .await().atMost(Duration.ofSeconds(10)), done, Duration.ofSeconds(60));
    }

    private static MetricValue metric(Run run, String name) {
        return run.getMetricsList().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    private List<ExampleResult> results(String runId, boolean errorsOnly) {
        ListRunResultsResponse page = eval.listRunResults(ListRunResultsRequest.newBuilder().setRunId(runId)
                .setLimit(500).setErrorsOnly(errorsOnly).build()).await().atMost(Duration.ofSeconds(10));
        assertEquals(page.getTotal(), page.getResultsCount());
        return page.getResultsList();
    }

    @Test
    void aRunScoresLikeTheMetricsLibraryPublishesItsResultAndARerunCostsNothing() {
        ensureSuite(eval);
        String modelId = model("good-model");
        RunSettings settings = RunSettings.newBuilder().setConcurrency(4).setMaxRetries(1).build();
        Run queued = start(modelId, settings, "good-1");
        assertEquals(queued.getId(), start(modelId, settings, "good-1").getId(), "same key, same run");
        assertEquals(EXAMPLES, queued.getProgress().getTotal());
        assertEquals("openai-chat", queued.getAdapter());

        Run run = awaitRun(queued.getId(), r -> r.getState() == RunState.SUCCEEDED);
        assertEquals(EXAMPLES, run.getProgress().getDone());
        assertEquals(1, run.getProgress().getFailed(), "the refused example failed alone");
        assertEquals(100.0, run.getProgress().getPercent());
        List<String> hypotheses = new ArrayList<>();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < EXAMPLES; i++) {
            if (i != REFUSED) {
                hypotheses.add(reference(i));
                references.add(reference(i));
            }
        }
        double bleu = Bleu.corpusDefaults().corpusScore(hypotheses, List.of(references)).score();
        assertEquals(bleu, metric(run, "bleu").getValue(), 1e-9);
        assertEquals(1.0, metric(run, "exact_match").getValue(), 1e-12);
        assertTrue(metric(run, "bleu").getHasInterval());
        long promptTokens = run.getLatency().getPromptTokens();
        assertTrue(promptTokens > 0);
        assertEquals((promptTokens * 0.5 + run.getLatency().getCompletionTokens() * 1.5) / 1e6, run.getCostUsd(), 1e-12);
        assertTrue(run.getLatency().getP95Ms() > 0);

        List<ExampleResult> errors = results(run.getId(), true);
        assertEquals(1, errors.size());
        assertEquals(REFUSED + 1, errors.get(0).getLine());
        assertEquals("HTTP 400 (not retried)", errors.get(0).getError());

        List<EventEnvelope> events = EvalTestSupport.kafka().readUntil(Topics.EVAL, Duration.ofSeconds(30),
                        records -> records.stream().anyMatch(r -> new String(r.value()).contains(run.getId())
                                && new String(r.value()).contains(EventTypes.EVAL_COMPLETED))).stream()
                .map(r -> EventCodec.decode(r.value())).filter(e -> e.data().toString().contains(run.getId())).toList();
        EvalCompleted completed = events.stream().filter(e -> e.type().equals(EventTypes.EVAL_COMPLETED))
                .map(e -> EventCodec.payload(e, EvalCompleted.class)).findFirst().orElseThrow();
        assertEquals(modelId, completed.modelId());
        assertEquals("bleu", completed.metric());
        assertEquals(bleu / 100, completed.value(), 1e-9, "eval.completed carries 0-1");
        assertEquals(bleu, completed.metrics().get("bleu"), 1e-9);
        assertEquals(EXAMPLES - 1, completed.examples());
        List<EvalProgress> progress = events.stream().filter(e -> e.type().equals(EventTypes.EVAL_PROGRESS))
                .map(e -> EventCodec.payload(e, EvalProgress.class)).toList();
        assertFalse(progress.isEmpty());
        assertEquals(EXAMPLES, progress.get(progress.size() - 1).done());

        int callsBefore = stub.totalCalls();
        Run rerun = awaitRun(start(modelId, settings, "").getId(), r -> r.getState() == RunState.SUCCEEDED);
        assertEquals(callsBefore + 1, stub.totalCalls(), "only the failed example was asked again");
        assertEquals(EXAMPLES - 1, rerun.getProgress().getCached());
        assertEquals(metric(run, "bleu"), metric(rerun, "bleu"), "same answers, same numbers, same interval");
    }

    @Test
    void modelsAreRankedOnTheLeaderboardAndComparedWithPairedSignificance() {
        ensureSuite(eval);
        RunSettings settings = RunSettings.newBuilder().setConcurrency(8).build();
        Run good = awaitRun(start(model("good-model"), settings, "").getId(), r -> r.getState() == RunState.SUCCEEDED);
        Run noisy = awaitRun(start(model("noisy-model"), settings, "").getId(), r -> r.getState() == RunState.SUCCEEDED);
        assertTrue(metric(noisy, "bleu").getValue() < metric(good, "bleu").getValue());

        Leaderboard board = eval.getLeaderboard(GetLeaderboardRequest.newBuilder().setSuite("echo-suite").build())
                .await().atMost(Duration.ofSeconds(10));
        assertEquals("bleu", board.getPrimaryMetric());
        List<String> order = board.getEntriesList().stream().map(e -> e.getRunId()).toList();
        assertTrue(order.indexOf(good.getId()) < order.indexOf(noisy.getId()), order.toString());
        assertEquals(metric(noisy, "bleu"), board.getEntries(order.indexOf(noisy.getId())).getPrimary());

        RunComparison comparison = eval.compareRuns(CompareRunsRequest.newBuilder().setBaselineRunId(good.getId())
                .setSystemRunId(noisy.getId()).build()).await().atMost(Duration.ofSeconds(30));
        assertEquals(EXAMPLES - 1, comparison.getPairedExamples());
        MetricComparison bleu = comparison.getMetricsList().stream().filter(m -> m.getMetric().equals("bleu"))
                .findFirst().orElseThrow();
        assertTrue(bleu.getDelta() < -10, "delta " + bleu.getDelta());
        assertTrue(bleu.getSignificant(), "p " + bleu.getPValue());
        RunComparison self = eval.compareRuns(CompareRunsRequest.newBuilder().setBaselineRunId(good.getId())
                .setSystemRunId(good.getId()).build()).await().atMost(Duration.ofSeconds(30));
        assertFalse(self.getMetrics(0).getSignificant(), "a run does not differ from itself");
    }

    @Test
    void aFailingEndpointFailsTheRunWithItsReasonAndAnEvent() {
        ensureSuite(eval);
        Run run = awaitRun(start(model("broken-model"), RunSettings.newBuilder().setConcurrency(2).setMaxRetries(1)
                .build(), "").getId(), r -> r.getState() == RunState.FAILED);
        assertTrue(run.getError().startsWith("the model could not be called: the endpoint keeps failing"),
                run.getError());
        EvalFailed failed = EvalTestSupport.kafka().readUntil(Topics.EVAL, Duration.ofSeconds(30), records -> records
                        .stream().anyMatch(r -> new String(r.value()).contains(run.getId())
                                && new String(r.value()).contains(EventTypes.EVAL_FAILED))).stream()
                .map(r -> EventCodec.decode(r.value())).filter(e -> e.type().equals(EventTypes.EVAL_FAILED))
                .map(e -> EventCodec.payload(e, EvalFailed.class)).filter(f -> f.runId().equals(run.getId()))
                .findFirst().orElseThrow();
        assertEquals(run.getError(), failed.reason());
    }

    @Test
    void aCancelledRunStopsAndKeepsWhatItStored() throws Exception {
        ensureSuite(eval);
        Run started = start(model("slow-model"), RunSettings.newBuilder().setConcurrency(2).build(), "");
        awaitRun(started.getId(), r -> r.getProgress().getDone() >= 4);
        Run cancelled = eval.cancelRun(CancelRunRequest.newBuilder().setId(started.getId()).build())
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(RunState.CANCELLED, cancelled.getState());
        Thread.sleep(1500);
        Run later = awaitRun(started.getId(), r -> true);
        assertTrue(later.getProgress().getDone() < EXAMPLES, "it stopped: " + later.getProgress().getDone());
        assertEquals(later.getProgress().getDone(), results(started.getId(), false).size());
        StatusRuntimeException again = assertThrows(StatusRuntimeException.class, () -> eval.cancelRun(
                CancelRunRequest.newBuilder().setId(started.getId()).build()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(Status.Code.FAILED_PRECONDITION, again.getStatus().getCode());
        assertTrue(eval.listRuns(ListRunsRequest.newBuilder().setState(RunState.CANCELLED).build())
                .await().atMost(Duration.ofSeconds(10)).getRunsList().stream()
                .anyMatch(r -> r.getId().equals(started.getId())));
    }

    @Test
    void aRunWhoseLeaseRanOutIsTakenOverAndNoExampleIsScoredTwice() throws InterruptedException {
        ensureSuite(eval);
        Run started = start(model("held-model"), RunSettings.newBuilder().setConcurrency(3).build(), "");
        awaitRun(started.getId(), r -> r.getState() == RunState.RUNNING);
        // the worker holding it "dies": its lease runs out while its calls hang. Its heartbeat (every 500 ms)
        // may renew a lease nobody took yet, as a late heartbeat should, so the lease runs out again
        // until the poll (every 200 ms) takes the run over
        Run resumed = Eventually.await(() -> {
            QuarkusTransaction.requiringNew().run(() -> EvalRun.getEntityManager()
                    .createNativeQuery("UPDATE eval_run SET lease_until = NULL WHERE id = ?1 AND attempts = 1")
                    .setParameter(1, started.getId()).executeUpdate());
            return eval.getRun(GetRunRequest.newBuilder().setId(started.getId()).build())
                    .await().atMost(Duration.ofSeconds(10));
        }, r -> r.getAttempts() == 2, Duration.ofSeconds(60));
        // the abandoned attempt notices at its next heartbeat (every 500 ms) and stops before the endpoint answers
        Thread.sleep(1200);
        RELEASE_SLOW.countDown();
        Run done = awaitRun(resumed.getId(), r -> r.getState() == RunState.SUCCEEDED);
        assertEquals(EXAMPLES, done.getProgress().getDone());
        List<ExampleResult> results = results(done.getId(), false);
        assertEquals(EXAMPLES, results.size());
        assertEquals(EXAMPLES, results.stream().map(ExampleResult::getOrdinal).distinct().count());
        int calls = IntStream.range(0, EXAMPLES).map(i -> stub.calls("held-model", "Translate: " + reference(i))).sum();
        // the first attempt's calls in flight (3) were asked again by the second; nothing else
        assertTrue(calls <= EXAMPLES + 3, "calls " + calls);
    }

    @Test
    void badRunRequestsAreRefusedByField() {
        ensureSuite(eval);
        String noEndpoint = EvalTestSupport.announceModel("card-only", List.of("text-generation"), ModelServing.none());
        Eventually.await(() -> eval.listEvaluationCandidates(ListEvaluationCandidatesRequest.getDefaultInstance())
                .await().atMost(Duration.ofSeconds(10)).getCandidatesList(), list -> list.stream()
                .anyMatch(c -> c.getModelId().equals(noEndpoint)), Duration.ofSeconds(30));
        assertEquals(List.of("modelId"), fields(() -> start(noEndpoint, RunSettings.getDefaultInstance(), "")));
        assertEquals(List.of("settings.concurrency", "settings.maxErrorRate"), fields(() -> start(noEndpoint,
                RunSettings.newBuilder().setConcurrency(1000).setMaxErrorRate(2).build(), "")));
        assertEquals(List.of("suite"), fields(() -> eval.startRun(StartRunRequest.newBuilder().setSuite("nope")
                .setModelId(noEndpoint).build()).await().atMost(Duration.ofSeconds(10))));
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> eval.getRun(
                GetRunRequest.newBuilder().setId("no-such-run").build()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }

    private static List<String> fields(Runnable call) {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        return GrpcErrors.fieldViolations(error).stream().map(FieldViolation::field).toList();
    }
}
