package io.fmp.deploy;

import io.fmp.platform.testing.EmbeddedKafkaBroker;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.OpenAiStubServer;
import io.fmp.platform.testing.OpenAiStubServer.Reply;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluation across process boundaries: the packaged gateway, catalog and eval-service with a real
 * broker and PostgreSQL. The Banking77 demo runs zero-shot through the embedded encoder onto the
 * leaderboard and into the catalog's selection data; a run against an OpenAI-compatible endpoint
 * survives eval-service being killed mid-run, without scoring any example twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluationEndToEndTest {

    private static final int EXAMPLES = 200;
    static EmbeddedKafkaBroker broker;
    static ServiceProcess catalog;
    static ServiceProcess eval;
    static ServiceProcess gateway;
    static OpenAiStubServer endpoint;
    static Map<String, String> evalEnv;

    @BeforeAll
    static void startSuite() throws InterruptedException {
        broker = EmbeddedKafkaBroker.startNew();
        endpoint = OpenAiStubServer.start(16, request -> Reply.answer(request.prompt().toUpperCase()).after(40));
        catalog = ServiceProcess.start("catalog-service", env("fmp_catalog_eval_e2e"));
        evalEnv = env("fmp_eval_e2e");
        // a killed worker's runs are taken over after this long
        evalEnv.put("FMP_EVAL_RUNS_LEASE", "4s");
        eval = ServiceProcess.start("eval-service", evalEnv);
        catalog.awaitReady(Duration.ofSeconds(120));
        eval.awaitReady(Duration.ofSeconds(120));
        gateway = ServiceProcess.gateway(Map.of("catalog", catalog.grpcPort, "eval", eval.grpcPort));
    }

    @AfterAll
    static void stopSuite() {
        ServiceProcess.closeAll(gateway, eval, catalog, endpoint, broker);
    }

    private static Map<String, String> env(String database) {
        return ServiceProcess.serviceEnv(database, broker.bootstrapServers());
    }

    private static String register(String card) {
        return given().contentType("application/json").body(card).post("/api/v1/models")
                .then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static JsonPath startRun(String suite, String modelId) {
        // eval-service learns the model from the catalog's event: retry the few hundred ms it may take
        return Eventually.await(() -> given().contentType("application/json")
                        .body("{\"suite\": \"" + suite + "\", \"modelId\": \"" + modelId + "\", \"settings\": {\"concurrency\": 4}}")
                        .post("/api/v1/runs"), response -> response.statusCode() == 202, Duration.ofSeconds(30))
                .jsonPath();
    }

    private static JsonPath awaitRun(String runId, String state, Duration timeout) {
        return Eventually.await(() -> given().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath(),
                run -> state.equals(run.getString("state")), timeout);
    }

    @Test
    @Order(1)
    void theBanking77DemoRunsZeroShotOntoTheLeaderboardAndIntoTheCatalog() {
        String miniLm = register("""
                {"name": "all-MiniLM-L6-v2", "provider": "sentence-transformers", "version": "1",
                 "parameterCount": 22700000, "license": "apache-2.0", "contextWindow": 256,
                 "tasks": ["sentence-similarity", "text-classification"],
                 "endpoints": [{"protocol": "embedded-encoder", "url": "embedded:all-minilm-l6-v2"}]}""");
        given().get("/api/v1/suites/banking77-intent").then().statusCode(200)
                .body("taskType", equalTo("classification")).body("split", equalTo("test"));
        given().get("/api/v1/datasets/banking77/versions/1/examples?split=test&limit=2").then().statusCode(200)
                .body("total", equalTo(998)).body("examples.size()", equalTo(2));

        JsonPath queued = startRun("banking77-intent", miniLm);
        assertEquals("embedded-encoder", queued.getString("adapter"));
        JsonPath run = awaitRun(queued.getString("id"), "succeeded", Duration.ofSeconds(180));
        float accuracy = run.getFloat("metrics.find { it.name == 'accuracy' }.value");
        assertEquals(0.6202, accuracy, 0.0001, "the same number as the encoder computed directly");
        assertEquals(998, run.getInt("progress.done"));

        JsonPath board = given().get("/api/v1/leaderboards/banking77-intent").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("accuracy", board.getString("primaryMetric"));
        assertEquals(miniLm, board.getString("entries[0].modelId"));
        assertEquals(accuracy, board.getFloat("entries[0].primary.value"));
        assertTrue(board.getFloat("entries[0].primary.ciLower") < accuracy
                && accuracy < board.getFloat("entries[0].primary.ciUpper"), "with its 95 % interval");

        // eval.completed reached the catalog: the candidate is now evaluated, and selection can rank it
        Eventually.await(() -> given().get("/api/v1/models/" + miniLm).then().extract().jsonPath()
                .getString("lifecycleState"), "evaluated"::equals, Duration.ofSeconds(30));
        given().contentType("application/json").body("""
                        {"task": "text-classification", "qualitySuite": "banking77-intent",
                         "constraints": {"maxP95LatencyMs": 1000}, "weights": {"quality": 1}}""")
                .post("/api/v1/selection/recommendations")
                .then().statusCode(200).body("ranked.modelId", equalTo(List.of(miniLm)));
    }

    @Test
    @Order(2)
    void aRunSurvivesEvalServiceBeingKilledAndScoresNoExampleTwice() throws InterruptedException {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < EXAMPLES; i++) {
            jsonl.append("{\"input\": \"ticket number ").append(i).append(" needs an answer\", \"reference\": \"TICKET NUMBER ")
                    .append(i).append(" NEEDS AN ANSWER\"}\n");
        }
        given().contentType("application/x-ndjson").body(jsonl.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/datasets?name=shouting&description=upper-case+echo").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/datasets/shouting/versions/1"))
                .body("examples", equalTo(EXAMPLES));
        given().contentType("application/x-ndjson").body("{\"input\": \"fine\"}\n{\"input\": 3}\n"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/datasets?name=shouting").then().statusCode(400)
                .body("errors.field", equalTo(List.of("file", "line[2].input")));
        given().contentType("application/json").body("""
                        {"name": "shout-back", "dataset": "shouting", "taskType": "generation",
                         "promptTemplate": "{{input}}", "metrics": ["exact_match", "bleu"]}""")
                .post("/api/v1/suites").then().statusCode(201).body("version", equalTo(1));
        String name = "shouter-" + UUID.randomUUID();
        String model = register("""
                {"name": "%s", "provider": "test", "version": "1", "parameterCount": 1000000,
                 "license": "apache-2.0", "contextWindow": 512, "tasks": ["text-generation"],
                 "facts": {"apiPrice": {"usdPerMillionInput": 1, "usdPerMillionOutput": 2}},
                 "endpoints": [{"protocol": "openai-chat", "url": "%s"}]}""".formatted(name, endpoint.baseUrl()));

        String runId = startRun("shout-back", model).getString("id");
        Eventually.await(() -> given().get("/api/v1/runs/" + runId).then().extract().jsonPath().getInt("progress.done"),
                done -> done >= 40, Duration.ofSeconds(60));
        eval.kill();
        eval = ServiceProcess.start("eval-service", evalEnv, eval.httpPort, eval.grpcPort);
        eval.awaitReady(Duration.ofSeconds(120));

        JsonPath run = awaitRun(runId, "succeeded", Duration.ofSeconds(120));
        assertEquals(2, run.getInt("attempts"), "resumed by the restarted service");
        assertEquals(EXAMPLES, run.getInt("progress.done"));
        assertEquals(1.0f, run.getFloat("metrics.find { it.name == 'exact_match' }.value"));
        JsonPath results = given().get("/api/v1/runs/" + runId + "/results?limit=500").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(EXAMPLES, results.getInt("total"));
        assertEquals(EXAMPLES, results.getList("results.ordinal").stream().distinct().count());
        int calls = IntStream.range(0, EXAMPLES).map(i -> endpoint.calls(name, "ticket number " + i
                + " needs an answer")).sum();
        // asked again: only what was in flight when the process died (at most the concurrency, 4) and what
        // arrived since the last write (at most 200 ms: 4 calls of 40 ms each at a time, about 20)
        assertTrue(calls >= EXAMPLES && calls <= EXAMPLES + 4 + 24, "calls " + calls);
        assertTrue(eval.logText().contains("ran out; resuming it after"), "the restart took the run over");
    }
}
