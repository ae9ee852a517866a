package io.fmp.deploy;

import io.fmp.client.ApiException;
import io.fmp.client.model.ApiPrice;
import io.fmp.client.model.DatasetExamplePage;
import io.fmp.client.model.DatasetFormat;
import io.fmp.client.model.EndpointProtocol;
import io.fmp.client.model.ExampleResult;
import io.fmp.client.model.ExampleResultPage;
import io.fmp.client.model.Leaderboard;
import io.fmp.client.model.LeaderboardEntry;
import io.fmp.client.model.LifecycleState;
import io.fmp.client.model.ModelCardRequest;
import io.fmp.client.model.ModelFacts;
import io.fmp.client.model.RankedModel;
import io.fmp.client.model.Recommendation;
import io.fmp.client.model.Run;
import io.fmp.client.model.RunRequest;
import io.fmp.client.model.RunSettings;
import io.fmp.client.model.RunState;
import io.fmp.client.model.SelectionConstraints;
import io.fmp.client.model.SelectionWeights;
import io.fmp.client.model.ServingEndpoint;
import io.fmp.client.model.Suite;
import io.fmp.client.model.SuiteRequest;
import io.fmp.client.model.TaskType;
import io.fmp.client.model.UseCaseProfile;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.platform.testing.EmbeddedKafkaBroker;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.OpenAiStubServer.Reply;
import io.fmp.platform.testing.OpenAiStubServer;
import io.fmp.platform.testing.PostgresDatabase;
import io.fmp.platform.testing.TestIdentityProvider;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.fmp.deploy.GatewayApi.ok;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluation across process boundaries: the packaged gateway, catalog and eval-service with a real
 * broker and PostgreSQL. The Banking77 demo runs zero-shot through the embedded encoder onto the
 * leaderboard and into the catalog's selection data; a run against an OpenAI-compatible endpoint
 * survives eval-service being killed mid-run, without scoring any example twice; governance-service re-evaluates a
 * use case's production model on eval-service when its review falls due.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluationEndToEndTest {

    private static final int EXAMPLES = 200;
    static EmbeddedKafkaBroker broker;
    static ServiceProcess catalog;
    static ServiceProcess eval;
    static ServiceProcess governance;
    static ServiceProcess gateway;
    static OpenAiStubServer endpoint;
    static Map<String, String> evalEnv;
    /** An endpoint the operator bound the test's secret to, and the secret's value. */
    static OpenAiStubServer keyed;
    static final List<String> KEYED_AUTHORIZATIONS = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    static final String SECRET_VALUE = "sk-e2e-" + UUID.randomUUID();
    static GatewayApi api;

    @BeforeAll
    static void startSuite() throws InterruptedException {
        broker = EmbeddedKafkaBroker.startNew();
        endpoint = OpenAiStubServer.start(16, request -> Reply.answer(request.prompt().toUpperCase()).after(40));
        catalog = ServiceProcess.start("catalog-service", env("fmp_catalog_eval_e2e"));
        evalEnv = env("fmp_eval_e2e");
        // a killed worker's runs are taken over after this long
        evalEnv.put("FMP_EVAL_RUNS_LEASE", "4s");
        // the stubs listen on loopback, as a model server next to ./fmp up would
        evalEnv.put("FMP_EVAL_EGRESS_ALLOW_LOOPBACK", "true");
        // the project "other" may have one unfinished run at a time
        evalEnv.put("FMP_EVAL_QUOTAS_CONCURRENT_RUNS_BY_PROJECT_OTHER", "1");
        keyed = OpenAiStubServer.start(4, request -> {
            KEYED_AUTHORIZATIONS.add(String.valueOf(request.authorization()));
            return Reply.answer(request.prompt().toUpperCase());
        });
        evalEnv.put("FMP_SECRET_E2E_KEY", SECRET_VALUE);
        evalEnv.put("FMP_EVAL_SECRETS_BINDINGS", "env:FMP_SECRET_E2E_KEY=" + java.net.URI.create(keyed.baseUrl())
                .resolve("/").toString());
        eval = ServiceProcess.start("eval-service", evalEnv);
        Map<String, String> governanceEnv = env("fmp_governance_eval_e2e");
        governanceEnv.put("FMP_GOVERNANCE_IDENTITY_KEY_HASH_SECRET", "e2e-key-hash-secret-" + UUID.randomUUID());
        governanceEnv.put("FMP_EVAL_GRPC_PORT", Integer.toString(eval.grpcPort));
        // reviews that fall due are found, and their runs asked for, within a second or two
        governanceEnv.put("FMP_GOVERNANCE_REVIEWS_CHECK_EVERY", "1s");
        governanceEnv.put("FMP_GOVERNANCE_REVIEWS_START_RUNS_EVERY", "1s");
        try {
            governanceEnv.put("FMP_GOVERNANCE_AUDIT_LOG_SIGNING_KEY_FILE", java.nio.file.Files.createTempDirectory(
                    "fmp-audit").resolve("signing-key").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        governance = ServiceProcess.start("governance-service", governanceEnv);
        catalog.awaitReady(Duration.ofSeconds(120));
        eval.awaitReady(Duration.ofSeconds(120));
        governance.awaitReady(Duration.ofSeconds(120));
        gateway = ServiceProcess.gateway(Map.of("catalog", catalog.grpcPort, "eval", eval.grpcPort, "governance",
                governance.grpcPort));
        api = new GatewayApi(gateway.url());
    }

    @AfterAll
    static void stopSuite() {
        ServiceProcess.closeAll(gateway, governance, eval, catalog, endpoint, keyed, broker);
    }

    private static Map<String, String> env(String database) {
        return ServiceProcess.serviceEnv(database, broker.bootstrapServers());
    }

    private static String register(ModelCardRequest card) {
        return ok(() -> api.models.registerModel(card)).getId();
    }

    private static Run startRun(String suite, String modelId) {
        // eval-service learns the model from the catalog's event: retry the few hundred ms it may take
        RunRequest request = new RunRequest().suite(suite).modelId(modelId).settings(new RunSettings().concurrency(4));
        return Eventually.await(() -> {
            try {
                return api.runs.startRun(request, null);
            } catch (ApiException notYet) {
                return null;
            }
        }, run -> run != null, Duration.ofSeconds(30));
    }

    private static Run awaitRun(String runId, RunState state, Duration timeout) {
        return Eventually.await(() -> ok(() -> api.runs.getRun(runId)), run -> run.getState() == state, timeout);
    }

    private static double metric(Run run, String name) {
        return run.getMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    @Test
    @Order(1)
    void theBanking77DemoRunsZeroShotOntoTheLeaderboardAndIntoTheCatalog() {
        String miniLm = register(new ModelCardRequest().name("all-MiniLM-L6-v2").provider("sentence-transformers")
                .version("1").parameterCount(22_700_000L).license("apache-2.0").contextWindow(256)
                .tasks(List.of("sentence-similarity", "text-classification"))
                .endpoints(List.of(new ServingEndpoint().protocol(EndpointProtocol.EMBEDDED_ENCODER)
                        .url("embedded:all-minilm-l6-v2"))));
        Suite suite = ok(() -> api.suites.getSuite("banking77-intent", null));
        assertEquals(TaskType.CLASSIFICATION, suite.getTaskType());
        assertEquals("test", suite.getSplit());
        DatasetExamplePage examples = ok(() -> api.datasets.listDatasetExamples("banking77", "1", "test", null, 2));
        assertEquals(998, examples.getTotal());
        assertEquals(2, examples.getExamples().size());

        Run queued = startRun("banking77-intent", miniLm);
        assertEquals("embedded-encoder", queued.getAdapter());
        Run run = awaitRun(queued.getId(), RunState.SUCCEEDED, Duration.ofSeconds(180));
        double accuracy = metric(run, "accuracy");
        assertEquals(0.6202, accuracy, 0.0001, "the same number as the encoder computed directly");
        assertEquals(998, run.getProgress().getDone());

        Leaderboard board = ok(() -> api.leaderboards.getLeaderboard("banking77-intent", null));
        assertEquals("accuracy", board.getPrimaryMetric());
        LeaderboardEntry top = board.getEntries().get(0);
        assertEquals(miniLm, top.getModelId());
        assertEquals(accuracy, top.getPrimary().getValue());
        assertTrue(top.getPrimary().getCiLower() < accuracy && accuracy < top.getPrimary().getCiUpper(),
                "with its 95 % interval");

        // eval.completed reached the catalog: the candidate is now evaluated, and selection can rank it
        Eventually.await(() -> ok(() -> api.models.getModel(miniLm)).getLifecycleState(), LifecycleState.EVALUATED::equals,
                Duration.ofSeconds(30));
        Recommendation recommendation = ok(() -> api.selection.recommendModels(new UseCaseProfile()
                .task("text-classification").qualitySuite("banking77-intent")
                .constraints(new SelectionConstraints().maxP95LatencyMs(1000.0))
                .weights(new SelectionWeights().quality(1.0))));
        assertEquals(List.of(miniLm), recommendation.getRanked().stream().map(RankedModel::getModelId).toList());
    }

    @Test
    @Order(2)
    void aRunSurvivesEvalServiceBeingKilledAndScoresNoExampleTwice() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < EXAMPLES; i++) {
            jsonl.append("{\"input\": \"ticket number ").append(i).append(" needs an answer\", \"reference\": \"TICKET NUMBER ")
                    .append(i).append(" NEEDS AN ANSWER\"}\n");
        }
        var uploaded = ok(() -> api.datasets.uploadDatasetWithHttpInfo("shouting", jsonl.toString(),
                DatasetFormat.JSONL, "upper-case echo"));
        assertEquals(201, uploaded.getStatusCode());
        assertTrue(uploaded.getHeaders().get("Location").get(0).endsWith("/api/v1/datasets/shouting/versions/1"));
        assertEquals(EXAMPLES, uploaded.getData().getExamples());
        given().contentType("application/x-ndjson").body("{\"input\": \"fine\"}\n{\"input\": 3}\n"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/datasets?name=shouting").then().statusCode(400)
                .body("errors.field", equalTo(List.of("file", "line[2].input")));
        Suite created = ok(() -> api.suites.createSuite(new SuiteRequest().name("shout-back").dataset("shouting")
                .taskType(TaskType.GENERATION).promptTemplate("{{input}}").metrics(List.of("exact_match", "bleu"))));
        assertEquals(1, created.getVersion());
        String name = "shouter-" + UUID.randomUUID();
        String model = register(new ModelCardRequest().name(name).provider("test").version("1")
                .parameterCount(1_000_000L).license("apache-2.0").contextWindow(512).tasks(List.of("text-generation"))
                .facts(new ModelFacts().apiPrice(new ApiPrice().usdPerMillionInput(1.0).usdPerMillionOutput(2.0)))
                .endpoints(List.of(new ServingEndpoint().protocol(EndpointProtocol.OPENAI_CHAT).url(endpoint.baseUrl()))));

        String runId = startRun("shout-back", model).getId();
        Eventually.await(() -> ok(() -> api.runs.getRun(runId)).getProgress().getDone(), done -> done >= 40,
                Duration.ofSeconds(60));
        eval.kill();
        eval = ServiceProcess.start("eval-service", evalEnv, eval.httpPort, eval.grpcPort);
        eval.awaitReady(Duration.ofSeconds(120));

        Run run = awaitRun(runId, RunState.SUCCEEDED, Duration.ofSeconds(120));
        assertEquals(2, run.getAttempts(), "resumed by the restarted service");
        assertEquals(EXAMPLES, run.getProgress().getDone());
        assertEquals(1.0, metric(run, "exact_match"));
        ExampleResultPage results = ok(() -> api.runs.listRunResults(runId, null, 500, null));
        assertEquals(EXAMPLES, results.getTotal());
        assertEquals(EXAMPLES, results.getResults().stream().map(ExampleResult::getOrdinal).distinct().count());
        int calls = IntStream.range(0, EXAMPLES).map(i -> endpoint.calls(name, "ticket number " + i
                + " needs an answer")).sum();
        // asked again: only what was in flight when the process died (at most the concurrency, 4) and what
        // arrived since the last write (at most 200 ms: 4 calls of 40 ms each at a time, about 20)
        assertTrue(calls >= EXAMPLES && calls <= EXAMPLES + 4 + 24, "calls " + calls);
        assertTrue(eval.logText().contains("ran out; resuming it after"), "the restart took the run over");
    }

    @Test
    @Order(3)
    void aSecretGoesOnlyWhereTheOperatorBoundItAndNeverIntoALog() {
        int callsBefore = endpoint.totalCalls();
        String homeRef = register(chatModel("home-" + UUID.randomUUID(), endpoint.baseUrl(), "env:HOME"));
        String homeRefusal = refusal(homeRef);
        assertTrue(homeRefusal.contains("starting with FMP_SECRET_"), homeRefusal);
        String elsewhere = register(chatModel("elsewhere-" + UUID.randomUUID(), endpoint.baseUrl(), "env:FMP_SECRET_E2E_KEY"));
        String elsewhereRefusal = refusal(elsewhere);
        assertTrue(elsewhereRefusal.contains("is not bound to"), elsewhereRefusal);
        assertEquals(0, endpoint.totalCalls() - callsBefore, "nothing left for an unbound origin");
        // each refusal is announced for the audit trail: the origin and the reference, never a value
        Set<String> refusedModels = Set.of(homeRef, elsewhere);
        List<EventEnvelope> refusals = refusals(new KafkaTestClient(broker.bootstrapServers()).readUntil(Topics.EVAL,
                Duration.ofSeconds(30), records -> refusals(records, refusedModels).stream().map(EventEnvelope::subject)
                        .distinct().count() == 2), refusedModels);
        assertEquals(refusedModels, refusals.stream().map(EventEnvelope::subject).collect(Collectors.toSet()));
        for (EventEnvelope refusal : refusals) {
            assertEquals(URI.create(endpoint.baseUrl()).getPort(),
                    URI.create(refusal.data().get("origin").asText()).getPort());
            assertFalse(refusal.data().toString().contains(SECRET_VALUE));
        }

        String bound = register(chatModel("bound-" + UUID.randomUUID(), keyed.baseUrl(), "env:FMP_SECRET_E2E_KEY"));
        Run run = awaitRun(startRun("shout-back", bound).getId(), RunState.SUCCEEDED, Duration.ofSeconds(120));
        assertEquals(EXAMPLES, run.getProgress().getDone());
        assertEquals(Set.of("Bearer " + SECRET_VALUE), Set.copyOf(KEYED_AUTHORIZATIONS), "the bound origin got the key");
        for (ServiceProcess service : List.of(catalog, eval, gateway)) {
            assertFalse(service.logText().contains(SECRET_VALUE), service.log + " holds the secret");
        }
        assertFalse(ok(() -> api.runs.getRun(run.getId())).toString().contains(SECRET_VALUE));
        // nor in any event of the run: every record on every topic, dead letters included
        KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers());
        for (String topic : Topics.ALL) {
            for (String where : List.of(topic, Topics.deadLetterOf(topic))) {
                for (ConsumerRecord<String, byte[]> record : kafka.readUntil(where, Duration.ofSeconds(2), r -> false)) {
                    assertFalse(new String(record.value(), StandardCharsets.UTF_8).contains(SECRET_VALUE),
                            where + " holds the secret");
                }
            }
        }
    }

    @Test
    @Order(4)
    void projectsKeepTheirModelsDatasetsRunsNamesAndKeysToThemselvesWithinTheirQuota() {
        TestIdentityProvider people = ServiceProcess.identityProvider();
        String tessToken = people.token("tess", "team:contributor");
        String oscarToken = people.token("oscar", "other:contributor");
        GatewayApi tess = new GatewayApi(gateway.url(), tessToken);
        GatewayApi oscar = new GatewayApi(gateway.url(), oscarToken);
        // a private model of team, and one the administrator shares with everybody
        String teamModel = ok(() -> tess.models.registerModel(chatModel("team-echo-" + UUID.randomUUID(),
                endpoint.baseUrl(), null))).getId();
        String sharedModel = register(chatModel("shared-echo-" + UUID.randomUUID(), endpoint.baseUrl(), null));
        as(oscarToken).get("/api/v1/models/" + teamModel).then().statusCode(404);
        String oscarsSearch = as(oscarToken).queryParam("q", "echo").get("/api/v1/models").then().statusCode(200)
                .extract().asString();
        assertTrue(oscarsSearch.contains(sharedModel) && !oscarsSearch.contains(teamModel), oscarsSearch);

        // one dataset name in two projects: two first versions, each seen only by its project
        assertEquals(1, ok(() -> tess.datasets.uploadDataset("private-echo", echoes(20), DatasetFormat.JSONL, null))
                .getVersion());
        assertEquals(1, ok(() -> oscar.datasets.uploadDataset("private-echo", echoes(EXAMPLES), DatasetFormat.JSONL,
                null)).getVersion());
        assertEquals(20, ok(() -> tess.datasets.getDataset("private-echo")).getExamples());
        assertEquals(EXAMPLES, ok(() -> oscar.datasets.getDataset("private-echo")).getExamples());
        for (GatewayApi member : List.of(tess, oscar)) {
            ok(() -> member.suites.createSuite(new SuiteRequest().name("private-echo").dataset("private-echo")
                    .taskType(TaskType.GENERATION).promptTemplate("{{input}}").metrics(List.of("exact_match"))));
        }

        // runs: the same Idempotency-Key in two projects is two runs; another project's run is not found
        RunRequest onTeamModel = new RunRequest().suite("private-echo").modelId(teamModel);
        Run tessRun = Eventually.await(() -> attempt(() -> tess.runs.startRun(onTeamModel, "nightly-1")),
                run -> run != null, Duration.ofSeconds(30));
        assertEquals(tessRun.getId(), ok(() -> tess.runs.startRun(onTeamModel, "nightly-1")).getId());
        as(oscarToken).contentType("application/json").header("Idempotency-Key", "nightly-1")
                .body("{\"suite\": \"private-echo\", \"modelId\": \"" + teamModel + "\"}").post("/api/v1/runs")
                .then().statusCode(400).body("errors.field", equalTo(List.of("modelId")));
        as(oscarToken).get("/api/v1/runs/" + tessRun.getId()).then().statusCode(404);
        as(oscarToken).get("/api/v1/runs/" + tessRun.getId() + "/results").then().statusCode(404);
        awaitRun(tessRun.getId(), RunState.SUCCEEDED, Duration.ofSeconds(60));

        // the project "other" may have one unfinished run (FMP_EVAL_QUOTAS_CONCURRENT_RUNS_BY_PROJECT_OTHER)
        RunRequest onSharedModel = new RunRequest().suite("private-echo").modelId(sharedModel);
        Run oscarRun = Eventually.await(() -> attempt(() -> oscar.runs.startRun(onSharedModel, "nightly-1")),
                run -> run != null, Duration.ofSeconds(30));
        assertNotEquals(tessRun.getId(), oscarRun.getId());
        Response overQuota = as(oscarToken).contentType("application/json")
                .body("{\"suite\": \"private-echo\", \"modelId\": \"" + sharedModel + "\"}").post("/api/v1/runs");
        overQuota.then().statusCode(403).contentType("application/problem+json");
        String detail = overQuota.jsonPath().getString("detail");
        assertTrue(detail.contains("concurrent-runs: 1 allowed, 1 used;")
                && detail.contains("when one of its runs finishes"), detail);
        assertEquals(List.of(oscarRun.getId()), ok(() -> oscar.runs.listRuns("private-echo", null, null, null))
                .getRuns().stream().map(Run::getId).toList());
        // the administrator sees every project
        assertEquals(Set.of(tessRun.getId(), oscarRun.getId()), ok(() -> api.runs.listRuns(null, null, null, 500))
                .getRuns().stream().map(Run::getId).filter(id -> Set.of(tessRun.getId(), oscarRun.getId()).contains(id))
                .collect(Collectors.toSet()));
        awaitRun(oscarRun.getId(), RunState.SUCCEEDED, Duration.ofSeconds(60));
    }

    private static String echoes(int count) {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < count; i++) {
            jsonl.append("{\"input\": \"echo ").append(i).append("\", \"reference\": \"ECHO ").append(i).append("\"}\n");
        }
        return jsonl.toString();
    }

    /** The call's answer, or null while it is refused (eval-service has not learnt the model yet). */
    private static <T> T attempt(GatewayApi.ThrowingCall<T> call) {
        try {
            return call.call();
        } catch (ApiException notYet) {
            return null;
        }
    }

    /** A request with this credential instead of the suite's administrator token. */
    private static io.restassured.specification.RequestSpecification as(String credential) {
        return given().config(io.restassured.RestAssured.config().headerConfig(
                        io.restassured.config.HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization")))
                .header("Authorization", "Bearer " + credential);
    }

    private static List<EventEnvelope> refusals(List<ConsumerRecord<String, byte[]>> records, Set<String> models) {
        return records.stream().map(r -> EventCodec.decode(r.value()))
                .filter(e -> e.type().equals(EventTypes.EVAL_ENDPOINT_REFUSED) && models.contains(e.subject())).toList();
    }

    private static ModelCardRequest chatModel(String name, String url, String secretRef) {
        return new ModelCardRequest().name(name).provider("test").version("1").parameterCount(1_000_000L)
                .license("apache-2.0").contextWindow(512).tasks(List.of("text-generation"))
                .endpoints(List.of(new ServingEndpoint().protocol(EndpointProtocol.OPENAI_CHAT).url(url).secretRef(secretRef)));
    }

    /**
     * The problem+json detail of a refused run, once eval-service has learnt the model from the catalog:
     * after the kill in the test before, its consumer gets its partitions back only when the group drops
     * the killed member (Kafka's session timeout, 45 s).
     */
    private static String refusal(String modelId) {
        RunRequest request = new RunRequest().suite("shout-back").modelId(modelId);
        return Eventually.await(() -> {
            try {
                api.runs.startRun(request, null);
                return "accepted";
            } catch (ApiException e) {
                return e.getCode() + " " + e.getResponseBody();
            }
        }, body -> body.startsWith("400") && body.contains("may not be called"), Duration.ofSeconds(90));
    }

    @Test
    @Order(5)
    void aDueReviewReEvaluatesTheApprovedModelOnEvalServiceAndTheFreshResultsLetTheUseCaseBack() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            jsonl.append("{\"input\": \"review ").append(i).append("\", \"reference\": \"REVIEW ").append(i).append("\"}\n");
        }
        ok(() -> api.datasets.uploadDataset("echo-" + marker, jsonl.toString(), DatasetFormat.JSONL, "upper-case echo"));
        String suite = "echo-review-" + marker;
        ok(() -> api.suites.createSuite(new SuiteRequest().name(suite).dataset("echo-" + marker)
                .taskType(TaskType.GENERATION).promptTemplate("{{input}}").metrics(List.of("exact_match"))));
        String model = register(new ModelCardRequest().name("echo-" + marker).provider("test").version("1")
                .parameterCount(1_000_000L).license("apache-2.0").contextWindow(512).tasks(List.of("text-generation"))
                .endpoints(List.of(new ServingEndpoint().protocol(EndpointProtocol.OPENAI_CHAT).url(endpoint.baseUrl()))));
        String firstRun = awaitRun(startRun(suite, model).getId(), RunState.SUCCEEDED, Duration.ofSeconds(60)).getId();

        // a minimal-risk use case relying on the model, approved by an approver other than the requester
        String useCase = """
                {"name": "Echo %s", "purpose": "Answer tickets in capitals", "owner": "support", "task": "generation",
                 "suites": ["%s"], "approaches": ["%s"], "threshold": 0.8}""".formatted(marker, suite, model);
        String id = Eventually.await(() -> given().contentType("application/json").body(useCase)
                .post("/api/v1/use-cases"), r -> r.statusCode() == 201, Duration.ofSeconds(30)).jsonPath().getString("id");
        given().contentType("application/json").body(RiskAnswers.minimal())
                .post("/api/v1/use-cases/" + id + "/assessment").then().statusCode(200).body("tier", equalTo("minimal"));
        for (String state : List.of("approved-for-development", "in-validation")) {
            given().contentType("application/json").body(Map.of("state", state, "reason", "e2e"))
                    .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(200);
        }
        String request = Eventually.await(() -> given().contentType("application/json").body(Map.of("modelId", model,
                "reason", "exact match 1.0")).post("/api/v1/use-cases/" + id + "/approvals"), r -> r.statusCode() == 201
                && r.jsonPath().getString("evidenceJson").contains(firstRun), Duration.ofSeconds(30)).jsonPath().getString("id");
        String approver = given().contentType("application/json").body(Map.of("name", "approver " + marker, "project",
                "shared", "role", "approver")).post("/api/v1/api-keys").then().statusCode(201).extract().path("secret");
        ServiceProcess.as(approver).contentType("application/json").body(Map.of("decision", "approve", "reason", "ok"))
                .post("/api/v1/approvals/" + request + "/decisions").then().statusCode(200).body("state", equalTo("approved"));
        given().get("/api/v1/use-cases/" + id).then().body("state", equalTo("approved-for-production"));

        // its review falls due (a year early): under review, a run asked of eval-service, back when it passes
        try (var db = java.sql.DriverManager.getConnection(PostgresDatabase.jdbcUrl("fmp_governance_eval_e2e"),
                PostgresDatabase.user(), PostgresDatabase.password());
             var due = db.prepareStatement("UPDATE use_case SET next_review_at = now() - interval '1 minute' WHERE id = ?")) {
            due.setString(1, id);
            assertEquals(1, due.executeUpdate());
        }
        Response back = Eventually.await(() -> given().get("/api/v1/use-cases/" + id), r -> r.jsonPath()
                .getList("transitions.reason", String.class).stream().anyMatch(t -> t.startsWith("re-evaluation passed")),
                Duration.ofSeconds(90));
        assertEquals("approved-for-production", back.jsonPath().getString("state"));
        List<Map<String, String>> transitions = back.jsonPath().getList("transitions");
        Map<String, String> review = transitions.get(transitions.size() - 2);
        assertEquals("under-review", review.get("toState"));
        assertTrue(review.get("reason").startsWith("scheduled-review: the minimal tier's review was due"), review.toString());
        List<Run> runs = ok(() -> api.runs.listRuns(suite, model, null, null)).getRuns();
        assertEquals(2, runs.size(), "the first run and the re-evaluation");
        Run reevaluation = runs.stream().filter(r -> !r.getId().equals(firstRun)).findFirst().orElseThrow();
        assertEquals(RunState.SUCCEEDED, reevaluation.getState());
        assertTrue(transitions.get(transitions.size() - 1).get("reason").contains(reevaluation.getId()));
        assertTrue(Instant.parse(back.jsonPath().getString("nextReviewAt")).isAfter(Instant.now().plus(Duration.ofDays(364))),
                "the next review a year on");
        // both runs are in the audit log with who asked for them: this test's administrator, then governance
        List<Map<String, Object>> started = Eventually.await(() -> given().queryParam("subject", model)
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("records")
                .stream().filter(r -> "eval.started".equals(r.get("eventType"))).toList(), r -> r.size() == 2,
                Duration.ofSeconds(30));
        assertEquals(List.of("e2e-admin", "service:governance-service"), started.stream().map(r -> String.valueOf(
                r.get("actor"))).sorted().toList());
    }
}
