package io.fmp.deploy;

import io.fmp.client.model.LeaderboardEntry;
import io.fmp.client.model.RankedModel;
import io.fmp.deploy.demo.Demo;
import io.fmp.platform.testing.EmbeddedKafkaBroker;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.NpmPackages;
import io.fmp.platform.testing.PrometheusServer;
import io.fmp.platform.testing.OpenAiStubServer;
import io.fmp.platform.testing.OpenAiStubServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    /** The model server behind the external deployments: it answers in capitals, streamed slowly when asked to. */
    static OpenAiStubServer endpoint;
    /** One that fails every request: a deployment on it falls back. */
    static OpenAiStubServer failing;
    static Demo.Outcome demo;
    /** A real Prometheus scraping the suite's services with the chart's rules, for the dashboards and alerts. */
    static PrometheusServer prometheus;
    /** The official openai npm package the SDK test runs (7.x, no dependencies). */
    static final String OPENAI_SDK_VERSION = "7.60.0";

    @BeforeAll
    static void startSuite() throws Exception {
        broker = EmbeddedKafkaBroker.startNew();
        endpoint = OpenAiStubServer.start(8, request -> Reply.answer(request.prompt().toUpperCase())
                .streamedEvery(request.prompt().startsWith("slowly") ? 300 : 0));
        failing = OpenAiStubServer.start(2, request -> Reply.status(503));
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
        // the model server behind the external deployment listens on loopback
        evalEnv.put("FMP_EVAL_EGRESS_ALLOW_LOOPBACK", "true");
        eval = ServiceProcess.start("eval-service", evalEnv);
        // gates compare the tuned model's run with its base's through eval-service
        governanceEnv.put("FMP_EVAL_GRPC_PORT", Integer.toString(eval.grpcPort));
        governance = ServiceProcess.start("governance-service", governanceEnv, ServiceProcess.freePort(), governanceGrpc);
        tuningEnv = env("fmp_tuning_e2e");
        tuningEnv.put("FMP_CATALOG_GRPC_PORT", Integer.toString(catalog.grpcPort));
        tuningEnv.put("FMP_EVAL_GRPC_PORT", Integer.toString(eval.grpcPort));
        // deployments pass governance's deployment gate
        tuningEnv.put("FMP_GOVERNANCE_GRPC_PORT", Integer.toString(governanceGrpc));
        // a killed worker's jobs are taken over after this long
        tuningEnv.put("FMP_TUNING_JOBS_LEASE", "4s");
        tuning = ServiceProcess.start("tuning-service", tuningEnv, ServiceProcess.freePort(), tuningGrpc);
        catalog.awaitReady(Duration.ofSeconds(120));
        eval.awaitReady(Duration.ofSeconds(120));
        tuning.awaitReady(Duration.ofSeconds(120));
        governance.awaitReady(Duration.ofSeconds(120));
        gateway = ServiceProcess.gateway(Map.of("catalog", catalog.grpcPort, "eval", eval.grpcPort,
                "tuning", tuningGrpc, "governance", governanceGrpc));
        Map<String, String> jobs = new java.util.TreeMap<>();
        for (ServiceProcess service : List.of(catalog, eval, tuning, governance, gateway)) {
            jobs.put("fmp-" + service.name, "/q/metrics");
        }
        prometheus = PrometheusServer.start(jobs, List.of(MonitoringFilesTest.RULES), Duration.ofSeconds(2));
        for (ServiceProcess service : List.of(catalog, eval, tuning, governance, gateway)) {
            prometheus.target("fmp-" + service.name, "127.0.0.1:" + service.managementPort);
        }
    }

    @AfterAll
    static void stopSuite() {
        ServiceProcess.closeAll(prometheus, gateway, governance, tuning, eval, catalog, endpoint, failing, broker);
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
        prometheus.target("fmp-tuning-service", "127.0.0.1:" + tuning.managementPort);
        tuning.awaitReady(Duration.ofSeconds(120));

        // until the gateway's channel to the restarted service reconnects it answers 503 (Retry-After)
        JsonPath done = Eventually.await(() -> {
            io.restassured.response.Response r = given().get("/api/v1/tuning-jobs/" + id);
            return r.statusCode() == 200 ? r.jsonPath() : null;
        }, j -> j != null && List.of("succeeded", "failed").contains(j.getString("state")), Duration.ofSeconds(240));
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
        demo = outcome;
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

        // served: deployed in the platform through the deployment gate, three queries classified through the gateway
        assertTrue(text.contains("[8/8] Serving the approved router"), text);
        assertTrue(text.contains("deployment banking77-router (local, text-classification): ready"), text);
        assertEquals(List.of("card_arrival", "apple_pay_or_google_pay", "card_payment_not_recognised"),
                outcome.served().getResults().stream().map(c -> c.getLabel()).toList(), text);
        assertTrue(outcome.served().getResults().stream().allMatch(c -> c.getScore() > 0 && c.getScore() <= 1
                && c.getAlternatives().size() == 2 && c.getAlternatives().get(0).getScore() <= c.getScore()));

        // again: every step finds what it did before
        Demo.Outcome again = new Demo(gateway.url(), ServiceProcess.adminToken(), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), Duration.ofMillis(250), factsheets).run();
        assertEquals(outcome.candidateIds(), again.candidateIds());
        assertEquals(outcome.tuningJobId(), again.tuningJobId());
        assertEquals(outcome.tunedModelId(), again.tunedModelId());
        assertEquals(outcome.useCaseId(), again.useCaseId());
    }

    @Test
    @Order(3)
    void approvedModelsAreServedThroughOneOpenAiRouteForTheOfficialSdkAndARevokedApprovalDrainsThem() throws Exception {
        // an unapproved model is not deployed: bge-small is in the catalog, but no use case relies on it
        String bge = demo.candidateIds().get(1);
        given().contentType("application/json").body(Map.of("name", "bge", "modelId", bge, "executor", "local"))
                .post("/api/v1/deployments").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("governance denied deploying model " + bge));
        given().get("/api/v1/deployments/bge").then().statusCode(404);

        // MiniLM, approved for a use case of its own, serves embeddings in the platform
        String miniLm = demo.candidateIds().get(0);
        approve(miniLm, "MiniLM intent embeddings", "banking77-intent", 0.5, "classification", null);
        given().contentType("application/json").body(Map.of("name", "minilm", "modelId", miniLm, "executor", "local"))
                .post("/api/v1/deployments").then().statusCode(201).body("state", equalTo("ready"))
                .body("task", equalTo("feature-extraction"));

        // a chat model on a team's server: evaluated, approved, registered behind the route; a twin on a failing
        // server falls back to it
        String echo = echoModel();
        // its use case redacts personal data in whatever serves it
        String approval = approve(echo, "Echo support answers", "echo-capitals", 0.8, "generation",
                Map.of("pii", "redact", "blockToxicity", false));
        given().contentType("application/json").body(Map.of("name", "echo", "modelId", echo, "executor", "external",
                "external", Map.of("url", endpoint.baseUrl(), "upstreamModel", "stub-chat"))).post("/api/v1/deployments")
                .then().statusCode(201).body("state", equalTo("ready")).body("endpoint", equalTo(endpoint.baseUrl()));
        given().contentType("application/json").body(Map.of("name", "echo-broken", "modelId", echo, "executor",
                "external", "external", Map.of("url", failing.baseUrl()), "fallback", "echo"))
                .post("/api/v1/deployments").then().statusCode(201);

        // the official SDK, unchanged, with a project API key
        io.restassured.response.ExtractableResponse<io.restassured.response.Response> issued = given()
                .contentType("application/json").body(Map.of("name", "sdk app", "project", "shared", "role", "viewer"))
                .post("/api/v1/api-keys").then().statusCode(201).extract();
        String key = issued.path("secret");
        String keyId = issued.path("key.id");
        // the gateway sees new deployments within its directory refresh (half a second here)
        Eventually.await(() -> ServiceProcess.as(key).get("/openai/v1/models").then().statusCode(200).extract()
                .jsonPath().getList("data.id", String.class), ids -> ids.containsAll(List.of("banking77-router",
                "minilm", "echo", "echo-broken")), Duration.ofSeconds(10));
        JsonPath seen = openAiSdk(key, "echo", "minilm");
        assertTrue(seen.getList("models", String.class).containsAll(List.of("banking77-router", "minilm", "echo",
                "echo-broken")), seen.prettify());
        assertEquals("ROUTE MY CARD QUESTION", seen.getString("chat.content"));
        assertEquals(4, seen.getInt("chat.usage.prompt_tokens"));
        assertEquals("STREAM THIS ANSWER PLEASE", seen.getString("stream.content"));
        assertEquals(4, seen.getInt("stream.chunks"), "one chunk per word, as the server sent them");
        assertEquals(4, seen.getInt("stream.usage.completion_tokens"));
        List<List<Float>> vectors = seen.getList("embeddings");
        assertEquals(2, vectors.size());
        for (List<Float> vector : vectors) {
            assertEquals(384, vector.size());
            assertEquals(1.0, Math.sqrt(vector.stream().mapToDouble(v -> v * v).sum()), 1e-4, "unit length");
        }
        assertEquals(404, seen.getInt("notFound.status"));
        assertEquals("NotFoundError", seen.getString("notFound.type"));
        assertEquals("model_not_found", seen.getString("notFound.code"));

        // streaming passes through as it arrives: the first event long before the server has finished
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long sent = System.nanoTime();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> streamed = http.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(gateway.url() + "/openai/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\": \"echo\", \"stream\": true,"
                        + " \"messages\": [{\"role\": \"user\", \"content\": \"slowly one two three four\"}]}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofLines());
        long[] firstAndLast = {0, 0};
        streamed.body().filter(line -> line.startsWith("data:")).forEach(line -> {
            long at = System.nanoTime() - sent;
            firstAndLast[0] = firstAndLast[0] == 0 ? at : firstAndLast[0];
            firstAndLast[1] = at;
        });
        assertTrue(firstAndLast[1] - firstAndLast[0] >= 1_000_000_000L, "four more events 300 ms apart followed the"
                + " first: " + firstAndLast[0] / 1e6 + " ms, " + firstAndLast[1] / 1e6 + " ms");

        // a failing deployment's request goes to its fallback
        io.restassured.response.Response fellBack = ServiceProcess.as(key).contentType("application/json")
                .body(Map.of("model", "echo-broken", "messages", List.of(Map.of("role", "user", "content", "hello"))))
                .post("/openai/v1/chat/completions");
        assertEquals(200, fellBack.statusCode(), fellBack.asString());
        assertEquals("echo", fellBack.header("FMP-Deployment"));
        assertEquals("HELLO", fellBack.jsonPath().getString("choices[0].message.content"));
        assertTrue(failing.totalCalls() >= 1, "the failing server was asked first");
        // without a fallback the endpoint's own error answer reaches the client
        given().contentType("application/json").body(Map.of("name", "echo-down", "modelId", echo, "executor",
                "external", "external", Map.of("url", failing.baseUrl()))).post("/api/v1/deployments").then()
                .statusCode(201);
        io.restassured.response.Response down = Eventually.await(() -> ServiceProcess.as(key)
                .contentType("application/json").body(Map.of("model", "echo-down", "messages", List.of(Map.of(
                        "role", "user", "content", "hello")))).post("/openai/v1/chat/completions"),
                r -> r.statusCode() != 404, Duration.ofSeconds(10));
        assertEquals(503, down.statusCode(), down.asString());
        assertEquals("scripted 503", down.jsonPath().getString("error.message"));
        assertEquals("echo-down", down.header("FMP-Deployment"));

        // guardrails: the use case's redaction of personal data before it reaches the model, and the deployment's own
        // toxicity block on top (a deployment may only tighten them); a toxic request refused; both counted
        given().contentType("application/json").body(Map.of("name", "echo-guarded", "modelId", echo, "executor",
                "external", "external", Map.of("url", endpoint.baseUrl()), "guardrails", Map.of("pii", "off",
                        "blockToxicity", true))).post("/api/v1/deployments").then().statusCode(201)
                .body("guardrails.pii", equalTo("redact")).body("guardrails.blockToxicity", equalTo(true));
        io.restassured.response.Response masked = Eventually.await(() -> ServiceProcess.as(key)
                .contentType("application/json").body(Map.of("model", "echo-guarded", "messages", List.of(Map.of(
                        "role", "user", "content", "mail alice@example.com")))).post("/openai/v1/chat/completions"),
                r -> r.statusCode() != 404, Duration.ofSeconds(10));
        assertEquals(200, masked.statusCode(), masked.asString());
        assertEquals("MAIL ***************OM", masked.jsonPath().getString("choices[0].message.content"));
        assertEquals(0, endpoint.calls("stub-chat", "mail alice@example.com"), "the address never left the platform");
        io.restassured.response.Response toxic = ServiceProcess.as(key).contentType("application/json")
                .body(Map.of("model", "echo-guarded", "messages", List.of(Map.of("role", "user", "content",
                        "you idiot")))).post("/openai/v1/chat/completions");
        assertEquals(400, toxic.statusCode());
        assertEquals("content_blocked", toxic.jsonPath().getString("error.code"));

        // a key's own rate limit, in OpenAI's error shape
        String limited = given().contentType("application/json").body(Map.of("name", "limited", "project", "shared",
                "role", "viewer", "requestsPerMinute", 2)).post("/api/v1/api-keys").then().statusCode(201)
                .extract().path("secret");
        List<Integer> statuses = new java.util.ArrayList<>();
        io.restassured.response.Response last = null;
        for (int i = 0; i < 3; i++) {
            last = ServiceProcess.as(limited).get("/openai/v1/models");
            statuses.add(last.statusCode());
        }
        assertEquals(List.of(200, 200, 429), statuses);
        assertEquals("rate_limit_exceeded", last.jsonPath().getString("error.code"));
        assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);

        // usage, metered per deployment and key, read back: the key's four calls answered by echo (the SDK's two,
        // the slow stream, the fallback's) with their prompt tokens, and the failed call on echo-broken
        java.util.function.Function<JsonPath, Map<String, Object>> echoUse = u -> u.<Map<String, Object>>getList(
                "entries").stream().filter(e -> e.get("deployment").equals("echo") && e.get("subject")
                .equals("key:" + keyId)).findFirst().orElse(Map.of());
        JsonPath usage = Eventually.await(() -> given().get("/api/v1/usage").then().statusCode(200).extract().jsonPath(),
                u -> Integer.valueOf(4).equals(echoUse.apply(u).get("requests")) && u.<Map<String, Object>>getList(
                        "entries").stream().anyMatch(e -> e.get("deployment").equals("echo-down")) && u.<Map<String, Object>>getList(
                        "entries").stream().anyMatch(e -> e.get("deployment").equals("echo-guarded")
                        && ((Number) e.get("blocked")).longValue() == 1), Duration.ofSeconds(30));
        assertEquals(4 + 4 + 5 + 1, ((Number) echoUse.apply(usage).get("promptTokens")).longValue(), usage.prettify());
        for (String failed : List.of("echo-broken", "echo-down")) {
            assertTrue(usage.<Map<String, Object>>getList("entries").stream().anyMatch(e -> e.get("deployment")
                    .equals(failed) && ((Number) e.get("errors")).longValue() == 1
                    && ((Number) e.get("requests")).longValue() == 1), failed + ": " + usage.prettify());
        }
        assertTrue(usage.<Map<String, Object>>getList("entries").stream().anyMatch(e -> e.get("deployment")
                .equals("minilm") && ((Number) e.get("promptTokens")).longValue() > 0), usage.prettify());

        watchInputsForDrift();

        // governance revokes the echo model's approval: both its deployments drain, the route refuses them
        String approver = approverKey();
        ServiceProcess.as(approver).contentType("application/json").body(Map.of("reason", "answers drifted"))
                .post("/api/v1/approvals/" + approval + "/revocations").then().statusCode(200);
        for (String name : List.of("echo", "echo-broken")) {
            JsonPath drained = Eventually.await(() -> given().get("/api/v1/deployments/" + name).then().extract()
                    .jsonPath(), d -> "drained".equals(d.getString("state")), Duration.ofSeconds(30));
            assertTrue(drained.getString("reason").contains("answers drifted"), drained.prettify());
        }
        io.restassured.response.Response refused = Eventually.await(() -> ServiceProcess.as(key)
                .contentType("application/json").body(Map.of("model", "echo", "messages",
                        List.of(Map.of("role", "user", "content", "hello")))).post("/openai/v1/chat/completions"),
                r -> r.statusCode() == 403, Duration.ofSeconds(10));
        assertEquals("model_not_approved", refused.jsonPath().getString("error.code"));
        String echoDeployment = given().get("/api/v1/deployments/echo").then().extract().path("id");
        Eventually.await(() -> given().queryParam("subject", echoDeployment).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath().getList("records.eventType", String.class), types -> types.containsAll(
                List.of("deployment.created", "deployment.ready", "deployment.drained")), Duration.ofSeconds(30));
    }

    /**
     * The served router's card names its ready deployment. A second deployment of it opts in to input capture: held-out
     * customer queries do not drift from the suite's dataset, questions about cooking do, and the use case goes under
     * review, is re-evaluated, and returns to operating when the router still passes.
     */
    private void watchInputsForDrift() throws Exception {
        String router = demo.tunedModelId();
        Eventually.await(() -> given().get("/api/v1/models/" + router).then().statusCode(200).extract().jsonPath()
                .getList("deployments.name", String.class), names -> names.contains("banking77-router"),
                Duration.ofSeconds(30));
        given().contentType("application/json").body(Map.of("name", "router-watched", "modelId", router, "executor",
                "local", "capture", Map.of("sampleRate", 1, "window", 20))).post("/api/v1/deployments").then()
                .statusCode(201).body("capture.suite", equalTo("banking77-intent"))
                .body("useCaseIds", equalTo(List.of(demo.useCaseId())))
                // the demo's use case names personal and financial data: its deployments redact personal data
                .body("guardrails.pii", equalTo("redact"));

        List<String> banking = new java.util.ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of("../eval-service/src/main/resources/datasets/banking77/train.csv"));
        for (int i = 1; banking.size() < 20; i += 400) {
            String line = lines.get(i);
            if (!line.startsWith("\"")) {
                banking.add(line.substring(0, line.lastIndexOf(',')));
            }
        }
        classifyWatched(banking);
        JsonPath inDomain = Eventually.await(() -> given().get("/api/v1/deployments/router-watched/drift").then()
                .extract().jsonPath(), d -> measured(d) == 1, Duration.ofSeconds(60));
        assertFalse(inDomain.getBoolean("measurements[0].drifted"), inDomain.prettify());
        assertEquals(20, inDomain.getInt("measurements[0].inputs"));

        List<String> cooking = new java.util.ArrayList<>();
        for (String dish : List.of("lasagne", "risotto", "banana bread", "roast chicken", "paella")) {
            cooking.addAll(List.of("How long should I bake the " + dish + " and at what temperature?",
                    "Which herbs go best with " + dish + "?", "Can I freeze leftover " + dish + "?",
                    "What wine would you serve with " + dish + "?"));
        }
        classifyWatched(cooking);
        JsonPath drifted = Eventually.await(() -> given().get("/api/v1/deployments/router-watched/drift").then()
                .extract().jsonPath(), d -> measured(d) == 2, Duration.ofSeconds(60));
        assertTrue(drifted.getBoolean("measurements[0].drifted"), drifted.prettify());

        JsonPath reviewed = Eventually.await(() -> given().get("/api/v1/use-cases/" + demo.useCaseId()).then()
                .extract().jsonPath(), u -> u.getList("transitions.reason", String.class).stream()
                .anyMatch(r -> r.startsWith("input-drift: inputs of deployment router-watched drifted")),
                Duration.ofSeconds(30));
        assertTrue(reviewed.getList("transitions.reason", String.class).stream().anyMatch(r -> r.contains(
                "re-evaluating model " + router + " on banking77-intent")), reviewed.prettify());
        // the re-evaluation's run passes the gate again: back to operating
        Eventually.await(() -> given().get("/api/v1/use-cases/" + demo.useCaseId()).then().extract().jsonPath(),
                u -> u.getString("state").equals("operating") && u.getList("transitions.reason", String.class)
                        .stream().anyMatch(r -> r.startsWith("re-evaluation passed")), Duration.ofSeconds(180));
    }

    /** Measurements so far (none while nothing was captured: 404). */
    private static int measured(JsonPath drift) {
        List<Object> measurements = drift.getList("measurements");
        return measurements == null ? 0 : measurements.size();
    }

    private static void classifyWatched(List<String> texts) {
        Eventually.await(() -> given().contentType("application/json").body(Map.of("texts", texts))
                .post("/api/v1/deployments/router-watched/classify"), r -> r.statusCode() == 200, Duration.ofSeconds(10));
    }

    /**
     * A real Prometheus scraped the services while the scenarios above ran, with the chart's rule files: every
     * dashboard panel's query (its variables substituted) returns data but those of exporters the suite cannot run,
     * every rule evaluates with health ok, and promtool accepts every service's metrics.
     */
    @Test
    @Order(4)
    void prometheusSeesEveryPanelsDataAndEvaluatesEveryRule() {
        // the scrape after the scenarios' last events (counters move on the next scrape)
        Eventually.await(() -> prometheus.query("fmp_serving_requests_total{deployment=\"echo\"}").size(), n -> n > 0,
                Duration.ofSeconds(30));
        for (JsonNode target : prometheus.targets()) {
            if (!target.path("labels").path("job").asText().equals("fmp-tuning-service")
                    || target.path("scrapeUrl").asText().contains(":" + tuning.managementPort + "/")) {
                assertEquals("up", target.path("health").asText(), target.toString());
            }
        }
        List<String> empty = new java.util.ArrayList<>();
        int asked = 0;
        for (MonitoringFilesTest.PanelQuery panel : MonitoringFilesTest.panelQueries()) {
            if (MonitoringFilesTest.EXTERNAL_PANELS.containsKey(panel.panel())) {
                continue; // listed there with the reason
            }
            String expr = panel.expr().replace("$namespace", ".*").replace("$job", "fmp-.*")
                    .replace("$__rate_interval", "15m");
            asked++;
            JsonNode result = prometheus.query(expr);
            boolean numbers = false;
            for (JsonNode sample : result) {
                String value = sample.path("value").path(1).asText();
                numbers |= !value.equals("NaN");
            }
            if (!numbers) {
                empty.add(panel.dashboard() + " / " + panel.panel() + ": " + expr);
            }
        }
        assertEquals(List.of(), empty, "panels without data");
        assertTrue(asked >= 30, "panels asked: " + asked);

        Eventually.await(() -> {
            List<String> unhealthy = new java.util.ArrayList<>();
            int rules = 0;
            for (JsonNode group : prometheus.ruleGroups()) {
                for (JsonNode rule : group.path("rules")) {
                    rules++;
                    if (!rule.path("health").asText().equals("ok")) {
                        unhealthy.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                                + rule.path("lastError").asText());
                    }
                }
            }
            return rules == MonitoringFilesTest.alerts().size() ? unhealthy : List.of("only " + rules + " rules loaded");
        }, List::isEmpty, Duration.ofSeconds(30));

        for (ServiceProcess service : List.of(catalog, eval, tuning, governance, gateway)) {
            // the classic text format promtool reads (OpenMetrics, with exemplars, is what Prometheus itself asks for)
            byte[] metrics = io.restassured.RestAssured.given().baseUri(service.managementUrl())
                    .header("Accept", "text/plain; version=0.0.4").get("/q/metrics").then().statusCode(200).extract()
                    .asByteArray();
            PrometheusServer.Result checked = PrometheusServer.promtool(metrics, "check", "metrics");
            // exit 3: lint problems only (the format parsed). The platform's own metrics (fmp_*) must lint clean; the
            // libraries' names are theirs (Kafka's *_ns_total, gRPC's statusCode label, Agroal's *_count gauges,
            // Netty's and Vert.x's without help), and the dashboards and the ANCHORS use them as they are
            assertTrue(checked.exitCode() == 0 || checked.exitCode() == 3, service.name + ": " + checked.output());
            List<String> problems = checked.output().lines().filter(line -> line.startsWith("fmp_")).toList();
            assertEquals(List.of(), problems, service.name + "'s metrics");
        }
    }

    /** An approver's key in the shared project (separation of duties: the suite's administrator requests). */
    private static String approverKey() {
        return given().contentType("application/json").body(Map.of("name", "approver " + java.util.UUID.randomUUID(),
                "project", "shared", "role", "approver")).post("/api/v1/api-keys").then().statusCode(201)
                .extract().path("secret");
    }

    /**
     * A minimal-risk use case relying on the model, assessed, in validation, and its approval granted by an approver;
     * returns the approval's id.
     */
    private static String approve(String modelId, String name, String suite, double threshold, String task,
                                  Map<String, Object> guardrails) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "purpose", "e2e serving",
                "owner", "platform", "task", task, "suites", List.of(suite), "approaches", List.of(modelId),
                "threshold", threshold));
        if (guardrails != null) {
            body.put("guardrails", guardrails);
        }
        String useCase = given().contentType("application/json").body(body).post("/api/v1/use-cases").then()
                .statusCode(201).body("guardrails.pii", equalTo(guardrails == null ? "off" : guardrails.get("pii")))
                .extract().path("id");
        given().contentType("application/json").body(RiskAnswers.minimal())
                .post("/api/v1/use-cases/" + useCase + "/assessment").then().statusCode(200);
        for (String state : List.of("approved-for-development", "in-validation")) {
            given().contentType("application/json").body(Map.of("state", state, "reason", "e2e"))
                    .post("/api/v1/use-cases/" + useCase + "/transitions").then().statusCode(200);
        }
        String request = Eventually.await(() -> given().contentType("application/json").body(Map.of("modelId", modelId,
                        "reason", "evaluated")).post("/api/v1/use-cases/" + useCase + "/approvals"),
                r -> r.statusCode() == 201, Duration.ofSeconds(30)).jsonPath().getString("id");
        ServiceProcess.as(approverKey()).contentType("application/json").body(Map.of("decision", "approve", "reason",
                "ok")).post("/api/v1/approvals/" + request + "/decisions").then().statusCode(200)
                .body("state", equalTo("approved"));
        return request;
    }

    /** A chat model on the stub server, evaluated on a small exact-match suite (the stub answers in capitals). */
    private static String echoModel() {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            jsonl.append("{\"input\": \"answer ").append(i).append("\", \"reference\": \"ANSWER ").append(i).append("\"}\n");
        }
        given().contentType("application/x-ndjson").body(jsonl.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/datasets?name=echo-capitals").then().statusCode(201);
        given().contentType("application/json").body(Map.of("name", "echo-capitals", "dataset", "echo-capitals",
                "taskType", "generation", "promptTemplate", "{{input}}", "metrics", List.of("exact_match")))
                .post("/api/v1/suites").then().statusCode(201);
        String model = given().contentType("application/json").body(Map.of("name", "stub-chat", "provider", "test",
                "version", "1", "parameterCount", 1_000_000, "license", "apache-2.0", "contextWindow", 512,
                "tasks", List.of("text-generation"), "endpoints", List.of(Map.of("protocol", "openai-chat",
                        "url", endpoint.baseUrl())))).post("/api/v1/models").then().statusCode(201).extract().path("id");
        String run = Eventually.await(() -> given().contentType("application/json").body(Map.of("suite", "echo-capitals",
                "modelId", model)).post("/api/v1/runs"), r -> r.statusCode() == 202, Duration.ofSeconds(30))
                .jsonPath().getString("id");
        Eventually.await(() -> given().get("/api/v1/runs/" + run).then().extract().path("state"),
                "succeeded"::equals, Duration.ofSeconds(60));
        return model;
    }

    /** Runs the official openai npm package's client against the gateway; what it saw, as JSON. */
    private static JsonPath openAiSdk(String apiKey, String chatModel, String embeddingModel) throws Exception {
        Path sdk = NpmPackages.unpacked("openai", "openai", OPENAI_SDK_VERSION);
        Path script = Files.createTempFile("openai-sdk-check", ".cjs");
        try (var in = TuningEndToEndTest.class.getResourceAsStream("/openai-sdk-check.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        Process node = new ProcessBuilder(NpmPackages.node().toString(), script.toString(), sdk.toString(),
                gateway.url(), apiKey, chatModel, embeddingModel).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "the SDK script finished");
        assertEquals(0, node.exitValue(), output);
        return JsonPath.from(output);
    }
}
