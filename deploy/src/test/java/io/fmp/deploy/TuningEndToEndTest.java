package io.fmp.deploy;

import io.fmp.client.model.LeaderboardEntry;
import io.fmp.client.model.RankedModel;
import io.fmp.deploy.demo.Demo;
import io.fmp.platform.testing.EmbeddedKafkaBroker;
import io.fmp.platform.testing.Eventually;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tuning across process boundaries, the seeds' "tune where it pays" on the demo use case: through
 * the gateway, a Banking77 classifier head on frozen MiniLM embeddings is estimated, submitted and
 * watched; tuning-service is killed mid-training and the restarted one resumes the job from its
 * checkpoint; the tuned model lands in the catalog with its lineage, eval-service evaluates it by
 * itself, and it tops the leaderboard above the zero-shot encoder it was tuned from. Then the
 * demo that {@code ./fmp demo} runs goes through the same flow on its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TuningEndToEndTest {

    static EmbeddedKafkaBroker broker;
    static ServiceProcess catalog;
    static ServiceProcess eval;
    static ServiceProcess tuning;
    static ServiceProcess gateway;
    static ServiceProcess governance;
    static Map<String, String> tuningEnv;
    static java.nio.file.Path factsheets;

    @BeforeAll
    static void startSuite() throws Exception {
        broker = EmbeddedKafkaBroker.startNew();
        int tuningGrpc = ServiceProcess.freePort();
        int governanceGrpc = ServiceProcess.freePort();
        Map<String, String> catalogEnv = env("fmp_catalog_tuning_e2e");
        catalogEnv.put("FMP_GOVERNANCE_GRPC_PORT", Integer.toString(governanceGrpc));
        catalog = ServiceProcess.start("catalog-service", catalogEnv);
        // the demo governs the tuned model: use case, approval by a second identity, the production gate
        Map<String, String> governanceEnv = env("fmp_governance_tuning_e2e");
        governanceEnv.put("FMP_GOVERNANCE_IDENTITY_KEY_HASH_SECRET", "tuning-e2e-key-hash-secret-" + java.util.UUID.randomUUID());
        factsheets = java.nio.file.Files.createTempDirectory("fmp-factsheets");
        governanceEnv.put("FMP_GOVERNANCE_AUDIT_LOG_SIGNING_KEY_FILE", factsheets.resolve("signing-key").toString());
        Map<String, String> evalEnv = env("fmp_eval_tuning_e2e");
        evalEnv.put("FMP_TUNING_GRPC_PORT", Integer.toString(tuningGrpc));
        eval = ServiceProcess.start("eval-service", evalEnv);
        // gates compare the tuned model's run with its base's through eval-service
        governanceEnv.put("FMP_EVAL_GRPC_PORT", Integer.toString(eval.grpcPort));
        governance = ServiceProcess.start("governance-service", governanceEnv, ServiceProcess.freePort(), governanceGrpc);
        tuningEnv = env("fmp_tuning_e2e");
        tuningEnv.put("FMP_CATALOG_GRPC_PORT", Integer.toString(catalog.grpcPort));
        tuningEnv.put("FMP_EVAL_GRPC_PORT", Integer.toString(eval.grpcPort));
        // a killed worker's jobs are taken over after this long
        tuningEnv.put("FMP_TUNING_JOBS_LEASE", "4s");
        tuning = ServiceProcess.start("tuning-service", tuningEnv, ServiceProcess.freePort(), tuningGrpc);
        catalog.awaitReady(Duration.ofSeconds(120));
        eval.awaitReady(Duration.ofSeconds(120));
        tuning.awaitReady(Duration.ofSeconds(120));
        governance.awaitReady(Duration.ofSeconds(120));
        gateway = ServiceProcess.gateway(Map.of("catalog", catalog.grpcPort, "eval", eval.grpcPort,
                "tuning", tuningGrpc, "governance", governanceGrpc));
    }

    @AfterAll
    static void stopSuite() {
        ServiceProcess.closeAll(gateway, governance, tuning, eval, catalog, broker);
    }

    private static Map<String, String> env(String database) {
        return ServiceProcess.serviceEnv(database, broker.bootstrapServers());
    }

    private static JsonPath job(String id) {
        return given().get("/api/v1/tuning-jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    @Order(1)
    void aBanking77HeadIsTunedSurvivesARestartLandsInTheCatalogAndBeatsZeroShotOnTheLeaderboard()
            throws InterruptedException {
        String miniLm = given().contentType("application/json").body("""
                        {"name": "all-MiniLM-L6-v2", "provider": "sentence-transformers", "version": "1",
                         "parameterCount": 22700000, "license": "apache-2.0", "contextWindow": 256,
                         "tasks": ["sentence-similarity", "text-classification"],
                         "facts": {"architecture": "encoder", "deploymentOptions": ["on-prem", "cloud"],
                                   "trainingData": "full"},
                         "endpoints": [{"protocol": "embedded-encoder", "url": "embedded:all-minilm-l6-v2"}]}""")
                .post("/api/v1/models").then().statusCode(201).extract().jsonPath().getString("id");
        String zeroShotRun = Eventually.await(() -> given().contentType("application/json")
                        .body("{\"suite\": \"banking77-intent\", \"modelId\": \"" + miniLm + "\"}").post("/api/v1/runs"),
                response -> response.statusCode() == 202, Duration.ofSeconds(30)).jsonPath().getString("id");

        String job = """
                {"baseModelId": "%s", "method": "classifier-head", "dataset": {"name": "banking77"},
                 "evalSuite": "banking77-intent", "outputName": "Banking77 intent router"}""".formatted(miniLm);
        // bad input: every problem named, nothing queued
        given().contentType("application/json").body("""
                        {"baseModelId": "%s", "method": "qlora", "dataset": {"name": "banking77"},
                         "hyperparameters": {"learningRate": 3}}""".formatted(miniLm))
                .post("/api/v1/tuning-jobs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("method", "baseModelId", "hyperparameters.learningRate")));
        given().get("/api/v1/tuning-jobs").then().statusCode(200).body("jobs.size()", equalTo(0));
        JsonPath estimate = given().contentType("application/json").body(job).post("/api/v1/tuning-jobs/estimate")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(8005, estimate.getInt("trainExamples"), "the dataset's own train split");
        assertTrue(estimate.getDouble("cost.cpuHours") > 0 && estimate.getDouble("cost.gpuHours") == 0);

        var submitted = given().contentType("application/json").header("Idempotency-Key", "banking77-head-1").body(job)
                .post("/api/v1/tuning-jobs").then().statusCode(202).extract();
        String id = submitted.jsonPath().getString("id");
        assertTrue(submitted.header("Location").endsWith("/api/v1/tuning-jobs/" + id));
        assertEquals(id, given().contentType("application/json").header("Idempotency-Key", "banking77-head-1")
                .body(job).post("/api/v1/tuning-jobs").then().statusCode(202).extract().jsonPath().getString("id"));
        Eventually.await(() -> job(id), j -> "embedding".equals(j.getString("progress.phase"))
                && j.getDouble("progress.percent") > 5, Duration.ofSeconds(120));
        JsonPath training = Eventually.await(() -> job(id), j -> j.getInt("progress.epoch") >= 3,
                Duration.ofSeconds(240));
        assertEquals("training", training.getString("progress.phase"));
        assertTrue(training.getDouble("progress.evalAccuracy") > 0.5, training.prettify());

        tuning.kill();
        tuning = ServiceProcess.start("tuning-service", tuningEnv, tuning.httpPort, tuning.grpcPort);
        tuning.awaitReady(Duration.ofSeconds(120));

        JsonPath done = Eventually.await(() -> job(id), j -> List.of("succeeded", "failed")
                .contains(j.getString("state")), Duration.ofSeconds(240));
        assertEquals("succeeded", done.getString("state"), done.prettify());
        assertEquals(2, done.getInt("attempts"), "resumed by the restarted service");
        assertTrue(tuning.logText().contains("resuming after epoch"), "from its checkpoint, not from scratch");
        assertTrue(done.getDouble("finalMetrics.test_accuracy") >= 0.92, done.prettify());
        assertTrue(done.getDouble("actual.cpuHours") > 0);

        // the tuned model in the catalog, with its lineage
        String tuned = done.getString("resultModelId");
        JsonPath model = given().get("/api/v1/models/" + tuned).then().statusCode(200).extract().jsonPath();
        assertEquals("Banking77 intent router", model.getString("name"));
        assertEquals("job-" + id.substring(0, 8), model.getString("version"));
        assertEquals(miniLm, model.getString("lineage.baseModelId"));
        assertEquals("head", model.getString("lineage.artifactKind"));
        assertEquals("tuning://" + id + "/head.json", model.getString("lineage.artifactUri"));
        assertEquals(id, model.getString("lineage.tuningJobId"));
        String datasetSha = given().get("/api/v1/datasets/banking77").then().statusCode(200).extract().jsonPath()
                .getString("sha256");
        assertEquals(datasetSha, model.getString("lineage.datasetSha256"));
        assertTrue(model.getString("properties.'fmp:tuning.hyperparameters'").contains("\"learningRate\":0.01"));
        assertEquals(List.of("on-prem", "cloud"), model.getList("facts.deploymentOptions"), "deployable as its base");

        // the loss curve, a point per epoch
        JsonPath metrics = given().get("/api/v1/tuning-jobs/" + id + "/metrics").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("eval_accuracy", "eval_loss", "loss"), metrics.getList("series.name"));
        assertEquals((int) done.getDouble("finalMetrics.epochs_trained"), metrics.getList("series[2].points").size());

        // eval-service evaluated it by itself; it leads the leaderboard, the zero-shot encoder below it
        JsonPath run = Eventually.await(() -> given().get("/api/v1/runs?modelId=" + tuned).then().statusCode(200)
                .extract().jsonPath(), runs -> "succeeded".equals(runs.getString("runs[0].state")), Duration.ofSeconds(120));
        float tunedAccuracy = run.getFloat("runs[0].metrics.find { it.name == 'accuracy' }.value");
        assertTrue(tunedAccuracy >= 0.92, "tuned accuracy " + tunedAccuracy);
        assertEquals("embedded-encoder+head", run.getString("runs[0].adapter"));
        Eventually.await(() -> given().get("/api/v1/runs/" + zeroShotRun).then().extract().jsonPath()
                .getString("state"), "succeeded"::equals, Duration.ofSeconds(120));
        JsonPath board = given().get("/api/v1/leaderboards/banking77-intent").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(tuned, miniLm), board.getList("entries.modelId"));
        assertEquals(tunedAccuracy, board.getFloat("entries[0].primary.value"));
        assertEquals(0.6202f, board.getFloat("entries[1].primary.value"), 0.0001f);
    }

    @Test
    @Order(2)
    void theDemoEvaluatesTheCandidatesTunesAHeadRecommendsAndGovernsTheTunedModel() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo.Outcome outcome = new Demo(gateway.url(), ServiceProcess.adminToken(), new PrintStream(printed, true, StandardCharsets.UTF_8),
                Duration.ofMillis(250), factsheets).run();
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("bge-small-en-v1.5    registered"), "a candidate the catalog lacked: " + text);
        assertTrue(text.contains("training epoch"), "progress while it works: " + text);

        // this dataset's embeddings were computed by the first job: the demo's job reads them all from the cache
        JsonPath job = job(outcome.tuningJobId());
        assertEquals(0, job.getDouble("finalMetrics.embeddings_from_cache") - job.getDouble("finalMetrics.train_examples")
                - job.getDouble("finalMetrics.validation_examples") - job.getDouble("finalMetrics.test_examples"), 60,
                "nothing new to embed (a few Banking77 texts repeat): " + job.prettify());

        Map<String, Double> accuracy = new java.util.HashMap<>();
        for (LeaderboardEntry entry : outcome.leaderboard().getEntries()) {
            accuracy.put(entry.getModelId(), entry.getPrimary().getValue());
        }
        assertTrue(accuracy.get(outcome.tunedModelId()) >= 0.92, accuracy.toString());
        assertEquals(0.6202, accuracy.get(outcome.candidateIds().get(0)), 0.0001, "MiniLM zero-shot");
        assertEquals(0.6583, accuracy.get(outcome.candidateIds().get(1)), 0.0001, "bge zero-shot");
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.4f", accuracy.get(outcome.tunedModelId()))),
                "the leaderboard is printed: " + text);

        // the tuned model leads the recommendation, explained
        RankedModel top = outcome.recommendation().getRanked().get(0);
        assertEquals("Banking77 intent router", top.getName(), outcome.recommendation().toString());
        assertTrue(top.getExplanation().length() > 20);
        assertTrue(text.contains(top.getExplanation()));

        // governed: assessed into the transparency tier, denied by the gate until approved by a second identity,
        // then production; the factsheet written where the demo says
        assertTrue(text.contains("assessed: tier transparency"), text);
        assertTrue(text.contains("production gate before approval: denied"), text);
        assertTrue(text.contains("builtin-baseline: approved by 0 of the 1 distinct approvers the transparency tier needs"), text);
        assertTrue(text.contains("production alias of 'Banking77 intent router' now on version"), text);
        given().get("/api/v1/models/" + outcome.tunedModelId()).then().statusCode(200)
                .body("aliases", equalTo(List.of("production")));
        Eventually.await(() -> given().get("/api/v1/models/" + outcome.tunedModelId()).then().extract().jsonPath()
                .getString("lifecycleState"), "approved"::equals, Duration.ofSeconds(30));
        JsonPath useCase = given().get("/api/v1/use-cases/" + outcome.useCaseId()).then().statusCode(200).extract().jsonPath();
        assertEquals("operating", useCase.getString("state"));
        assertEquals(List.of("key:"), useCase.getList("approvals[0].decisions.approver", String.class).stream()
                .map(a -> a.substring(0, 4)).toList(), "a second identity, an approver's key, approved");
        assertTrue(outcome.factsheet().startsWith(factsheets));
        String sheet = Files.readString(outcome.factsheet());
        assertTrue(sheet.contains("- **Tier:** transparency") && sheet.contains("art50-disclosure"), sheet);
        assertTrue(sheet.contains("- banking77-intent: accuracy +0.") && sheet.contains("significantly better"),
                "compared with its base by eval-service's paired test: " + sheet);
        assertTrue(text.contains(outcome.factsheet().toAbsolutePath().toString()), "the factsheet's path is printed");
        byte[] pdf = Files.readAllBytes(Path.of(outcome.factsheet().toString().replaceFirst("\\.md$", ".pdf")));
        assertEquals("%PDF-", new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII), "and its PDF beside it");

        // again: every step finds what it did before
        Demo.Outcome again = new Demo(gateway.url(), ServiceProcess.adminToken(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), Duration.ofMillis(250), factsheets).run();
        assertEquals(outcome.candidateIds(), again.candidateIds());
        assertEquals(outcome.tuningJobId(), again.tuningJobId());
        assertEquals(outcome.tunedModelId(), again.tunedModelId());
        assertEquals(outcome.useCaseId(), again.useCaseId());
    }
}
