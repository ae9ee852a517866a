package io.fmp.deploy;

import io.fmp.client.model.Architecture;
import io.fmp.client.model.ConstraintViolation;
import io.fmp.client.model.CostEstimate;
import io.fmp.client.model.CostRequest;
import io.fmp.client.model.DeploymentOption;
import io.fmp.client.model.EndpointProtocol;
import io.fmp.client.model.FitEstimate;
import io.fmp.client.model.FitRequest;
import io.fmp.client.model.FitShape;
import io.fmp.client.model.LifecycleState;
import io.fmp.client.model.ModelCard;
import io.fmp.client.model.ModelCardRequest;
import io.fmp.client.model.ModelFacts;
import io.fmp.client.model.ModelPatchRequest;
import io.fmp.client.model.Precision;
import io.fmp.client.model.RankedModel;
import io.fmp.client.model.Recommendation;
import io.fmp.client.model.SelectionConstraints;
import io.fmp.client.model.SelectionWeights;
import io.fmp.client.model.SelfHosted;
import io.fmp.client.model.ServingEndpoint;
import io.fmp.client.model.TokenPrice;
import io.fmp.client.model.TrainingDataTransparency;
import io.fmp.client.model.UseCaseProfile;
import io.fmp.client.model.Workload;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.deploy.operations.DeadLetterCommand;
import io.fmp.contracts.transparency.Checkpoint;
import io.fmp.platform.testing.EmbeddedKafkaBroker;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaTestClient;
import io.restassured.response.Response;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.fmp.deploy.GatewayApi.ok;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton across process boundaries: gateway -> catalog (gRPC) -> Kafka ->
 * governance, with the packaged services, a real KRaft broker, real PostgreSQL and a real Keycloak
 * whose users and service account sign in to the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndTest {

    /** The administrator key a launcher would hand governance-service at its first start. */
    static final String BOOTSTRAP_KEY = "fmp_e2eadmin0001_" + "A".repeat(21) + "b".repeat(22);

    static EmbeddedKafkaBroker broker;
    static KeycloakServer keycloak;
    /** Alice, platform administrator in Keycloak: who the tests act as unless they say otherwise. */
    static String alice;
    static ServiceProcess catalog;
    static ServiceProcess governance;
    static ServiceProcess gateway;
    static GatewayApi api;

    @BeforeAll
    static void startSuite() throws Exception {
        keycloak = KeycloakServer.start();
        alice = keycloak.userToken("alice", "alice-password");
        broker = EmbeddedKafkaBroker.startNew();
        Map<String, String> catalogEnv = new HashMap<>(serviceEnv("fmp_catalog_e2e"));
        // other systems may call the catalog's gRPC API with a Keycloak client-credentials token
        catalogEnv.put("FMP_IDENTITY_OIDC_ISSUER", keycloak.issuer());
        catalogEnv.put("FMP_IDENTITY_OIDC_ROLES_CLAIM", "realm_access.roles");
        // the production alias moves only when governance's gate allows
        int governanceGrpc = ServiceProcess.freePort();
        catalogEnv.put("FMP_GOVERNANCE_GRPC_PORT", Integer.toString(governanceGrpc));
        catalog = ServiceProcess.start("catalog-service", catalogEnv);
        Map<String, String> governanceEnv = new HashMap<>(serviceEnv("fmp_governance_e2e"));
        governanceEnv.put("FMP_GOVERNANCE_IDENTITY_KEY_HASH_SECRET", "e2e-key-hash-secret-" + UUID.randomUUID());
        governanceEnv.put("FMP_GOVERNANCE_IDENTITY_BOOTSTRAP_ADMIN_KEY", BOOTSTRAP_KEY);
        // the audit log's signing key: generated into this file at the first start
        governanceEnv.put("FMP_GOVERNANCE_AUDIT_LOG_SIGNING_KEY_FILE", java.nio.file.Files.createTempDirectory("fmp-audit")
                .resolve("signing-key").toString());
        governance = ServiceProcess.start("governance-service", governanceEnv, ServiceProcess.freePort(), governanceGrpc);
        catalog.awaitReady(Duration.ofSeconds(120));
        governance.awaitReady(Duration.ofSeconds(120));
        gateway = ServiceProcess.gateway(Map.of("catalog", catalog.grpcPort, "governance", governance.grpcPort),
                keycloak.issuer(), alice);
        api = new GatewayApi(gateway.url(), alice);
    }

    @AfterAll
    static void stopSuite() {
        ServiceProcess.closeAll(gateway, governance, catalog, broker, keycloak);
    }

    private static Map<String, String> serviceEnv(String database) {
        return ServiceProcess.serviceEnv(database, broker.bootstrapServers());
    }

    private static String card(String name) {
        return """
                {"name": "%s", "provider": "Meta", "version": "3.1", "parameterCount": 8030000000,
                 "license": "llama3.1", "contextWindow": 131072, "tasks": ["text-generation"]}""".formatted(name);
    }

    private static Response register(String name) {
        return given().contentType("application/json").body(card(name)).post("/api/v1/models");
    }

    /** Polls the audit trail through the gateway until it holds {@code count} records for the subject. */
    private static List<Map<String, Object>> awaitAudit(String subject, int count, Duration timeout) {
        return Eventually.await(() -> given().queryParam("subject", subject).get("/api/v1/audit")
                        .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("records"),
                records -> records.size() >= count, timeout);
    }

    private static void awaitLogLine(ServiceProcess service, String text) {
        Eventually.await(service::logText, log -> log.contains(text), Duration.ofSeconds(60));
    }

    @Test
    @Order(0)
    void operationsEndpointsAnswerOnTheManagementPortOnlyAndTheApiDocumentIsNotOnTheApiPort() {
        for (ServiceProcess service : List.of(gateway, catalog, governance)) {
            given().baseUri(service.url()).port(service.httpPort).get("/q/health/ready").then().statusCode(404);
            given().baseUri(service.url()).port(service.httpPort).get("/q/metrics").then().statusCode(404);
            given().baseUri(service.managementUrl()).port(service.managementPort).get("/q/health/ready")
                    .then().statusCode(200);
            given().baseUri(service.managementUrl()).port(service.managementPort).get("/q/metrics")
                    .then().statusCode(200);
            given().baseUri(service.managementUrl()).port(service.managementPort).get("/api/v1/models")
                    .then().statusCode(404);
        }
        given().get("/q/openapi").then().statusCode(404);
        given().get("/q/swagger-ui").then().statusCode(404);
    }

    @Test
    @Order(1)
    void aModelRegisteredAtTheGatewayIsStoredAuditedAndTracedAcrossAllThreeServices() throws Exception {
        String name = "Llama 3.1 8B Instruct " + UUID.randomUUID();
        Response created = register(name);
        created.then().statusCode(201).body("name", equalTo(name));
        String id = created.jsonPath().getString("id");
        String traceId = created.header("X-Trace-Id");
        assertTrue(created.header("Location").endsWith("/api/v1/models/" + id));

        given().get("/api/v1/models/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("contextWindow", equalTo(131072))
                .body("tasks", hasItem("text-generation"));

        Map<String, Object> record = awaitAudit(id, 1, Duration.ofSeconds(30)).get(0);
        assertEquals("model.registered", record.get("eventType"));
        assertEquals("catalog-service", record.get("eventSource"));
        assertEquals(name, ((Map<?, ?>) record.get("data")).get("name"));
        assertEquals(traceId, record.get("traceId"), "the gateway's trace reaches governance through Kafka");
        assertEquals(subjectOf(alice), record.get("actor"),
                "who registered it: the gateway's caller, carried to the catalog on the call and on in the event");
        assertTrue(catalog.logText().lines().anyMatch(l -> l.contains("traceId=" + traceId)
                && l.contains("Registered model " + id)), "catalog logged the registration in the same trace");
        assertTrue(governance.logText().lines().anyMatch(l -> l.contains("traceId=" + traceId)
                && l.contains("model.registered " + id)), "governance logged the audit in the same trace");
    }

    @Test
    @Order(2)
    void domainErrorsFromTheCatalogReachTheCallerAsProblems() {
        String name = "Mistral 7B " + UUID.randomUUID();
        register(name).then().statusCode(201);
        register(name).then().statusCode(409).contentType("application/problem+json");

        given().contentType("application/json").body(card("x").replace("131072", "0").replace("\"3.1\"", "\"3 1\""))
                .post("/api/v1/models")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("version", "contextWindow")));
        given().get("/api/v1/models/" + UUID.randomUUID()).then().statusCode(404);
        // search with a cursor (the two cards registered so far, by name), and a bad filter named
        Response firstPage = given().queryParam("provider", "Meta").queryParam("pageSize", 1).get("/api/v1/models");
        firstPage.then().statusCode(200).body("models[0].name", org.hamcrest.Matchers.startsWith("Llama 3.1 8B"));
        given().queryParam("provider", "Meta").queryParam("pageSize", 1)
                .queryParam("pageToken", firstPage.jsonPath().getString("nextPageToken"))
                .get("/api/v1/models").then().statusCode(200)
                .body("models[0].name", equalTo(name))
                .body("nextPageToken", org.hamcrest.Matchers.nullValue());
        given().queryParam("commercialUse", "maybe").get("/api/v1/models")
                .then().statusCode(400).body("errors[0].field", equalTo("commercialUse"));
        // the catalog file format, through the gateway: export, then a bad import names the entry
        String exported = given().get("/api/v1/models/export").then().statusCode(200)
                .contentType("application/yaml").extract().asString();
        assertTrue(exported.contains("name: " + name), "export holds the registered card");
        given().contentType("text/plain").body(exported)
                .post("/api/v1/models/import")
                .then().statusCode(400).body("errors[0].message", org.hamcrest.Matchers.endsWith("is already registered"));
        // a document the gateway accepts (up to 16 MiB) reaches the catalog whole: 6 MiB is judged on its
        // content, not refused by a smaller gRPC limit as "unavailable, retry" (which clients retry forever)
        given().contentType("text/plain").body("# " + "x".repeat(6 << 20) + "\n" + exported)
                .post("/api/v1/models/import")
                .then().statusCode(400).body("errors[0].message", org.hamcrest.Matchers.endsWith("is already registered"));
        given().get("/api/v1/models/not-an-id").then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    @Order(3)
    void sizingAndCostEstimatesGoThroughTheGatewayToTheCatalog() {
        FitEstimate fit = ok(() -> api.selection.estimateFit(new FitRequest()
                .shape(new FitShape().parameterCount(70_600_000_000L).layers(80).kvHeads(8).headDim(128))
                .precision(Precision.FP16).contextTokens(8192)));
        assertEquals(4, gpus(fit, "H100-80GB"));
        assertEquals(2, gpus(fit, "H200-141GB"));
        Workload workload = new Workload().requestsPerMonth(1_000_000L).inputTokens(500).outputTokens(200);
        CostEstimate cost = ok(() -> api.selection.estimateCost(new CostRequest().workload(workload)
                .api(new TokenPrice().usdPerMillionInput(2.5).usdPerMillionOutput(10.0))));
        assertEquals(3250.0, cost.getMonthlyUsd());
        // a card with selection facts, then a use case it alone satisfies among the registered ones
        ModelCard cloudModel = ok(() -> api.models.registerModel(new ModelCardRequest()
                .name("Cloud-ready " + UUID.randomUUID()).provider("Mistral AI").version("0.1")
                .parameterCount(46_700_000_000L).license("apache-2.0").contextWindow(32768)
                .tasks(List.of("text-generation")).facts(new ModelFacts()
                        .deploymentOptions(List.of(DeploymentOption.CLOUD, DeploymentOption.ON_PREM))
                        .architecture(Architecture.MIXTURE_OF_EXPERTS).trainingData(TrainingDataTransparency.SUMMARY))));
        assertTrue(cloudModel.getCommercialUse());
        assertEquals(List.of(DeploymentOption.ON_PREM, DeploymentOption.CLOUD), cloudModel.getFacts().getDeploymentOptions());
        Recommendation recommendation = ok(() -> api.selection.recommendModels(new UseCaseProfile()
                .task("text-generation")
                .constraints(new SelectionConstraints().commercialUse(true).deploymentMode(DeploymentOption.CLOUD))
                .weights(new SelectionWeights().quality(1.0).risk(1.0))));
        assertEquals(List.of(cloudModel.getId()), recommendation.getRanked().stream().map(RankedModel::getModelId).toList());
        assertTrue(recommendation.getRanked().get(0).getExplanation().contains("risk score"));
        assertEquals(Set.of("deploymentMode"), recommendation.getExcluded().stream()
                .flatMap(e -> e.getViolations().stream()).map(ConstraintViolation::getConstraint)
                .collect(java.util.stream.Collectors.toSet()));
        // a range rule that only the catalog knows comes back as a named field
        GatewayApi.Failure tooBusy = api.fails(() -> api.selection.estimateCost(new CostRequest().workload(workload)
                .selfHosted(new SelfHosted().gpusPerReplica(1).gpuHourlyUsd(2.0).gpuPowerWatts(700.0)
                        .tokensPerSecond(2500.0).targetUtilisation(1.5).pue(1.2).gridGramsCo2PerKwh(400.0))));
        assertEquals(400, tooBusy.status());
        assertEquals(List.of("selfHosted.targetUtilisation"), tooBusy.fields());
    }

    private static int gpus(FitEstimate fit, String gpu) {
        return fit.getOptions().stream().filter(o -> o.getGpu().equals(gpu)).findFirst().orElseThrow().getGpuCount();
    }

    @Test
    @Order(4)
    void versionsAliasesUpdatesAndHuggingFaceCardsThroughTheGateway() throws Exception {
        String name = "Versioned " + UUID.randomUUID();
        String v1 = ok(() -> api.models.registerModel(card(name, "3.1"))).getId();
        String v2 = ok(() -> api.models.registerModel(card(name, "3.2"))).getId();

        String etag = ok(() -> api.models.getModelWithHttpInfo(v1)).getHeaders().get("ETag").get(0);
        ModelCard patched = ok(() -> api.models.updateModel(v1, new ModelPatchRequest()
                .facts(new ModelFacts().tags(List.of("banking"))).properties(Map.of("owner", "payments-ml"))
                .endpoints(List.of(new ServingEndpoint().protocol(EndpointProtocol.OPENAI_CHAT)
                        .url("https://llama.internal/v1").secretRef("k8s:llama-gateway/api-key"))), etag));
        assertEquals(List.of("banking"), patched.getFacts().getTags());
        assertEquals("k8s:llama-gateway/api-key", patched.getEndpoints().get(0).getSecretRef());
        assertEquals("payments-ml", patched.getProperties().get("owner"));
        assertEquals(412, api.fails(() -> api.models.updateModel(v1, new ModelPatchRequest()
                .facts(new ModelFacts().tags(List.of())), etag)).status());
        GatewayApi.Failure immutable = api.fails(() -> api.models.updateModel(v1, new ModelPatchRequest()
                .parameterCount(1L).documentation("x"), null));
        assertEquals(400, immutable.status());
        assertEquals("parameterCount", immutable.fields().get(0));
        assertEquals(409, api.fails(() -> api.models.updateModel(v1, new ModelPatchRequest()
                .lifecycleState(LifecycleState.APPROVED), null)).status());

        // production is governed (see the governance test); other aliases move freely
        assertEquals(List.of("candidate"), ok(() -> api.models.setModelAlias("candidate", v1)).getAliases());
        ok(() -> api.models.setModelAlias("candidate", v2));
        ModelCard resolved = ok(() -> api.models.resolveModel(name, "candidate", null));
        assertEquals(v2, resolved.getId());
        assertEquals("3.2", resolved.getVersion());
        List<ModelCard> versions = ok(() -> api.models.listModelVersions(name));
        assertEquals(List.of(v2, v1), versions.stream().map(ModelCard::getId).toList());
        assertEquals(List.of(), versions.get(1).getAliases());

        String readme = """
                ---
                language: en
                license: apache-2.0
                pipeline_tag: text-classification
                datasets:
                - banking77
                model-index:
                - name: banking-router
                  results:
                  - task: {type: text-classification}
                    dataset: {name: Banking77, type: banking77, split: test}
                    metrics:
                    - {type: accuracy, value: 0.93}
                ---
                # Banking router
                """;
        ModelCard imported = ok(() -> api.models.importHuggingFaceCard(readme, "my-team/banking-router",
                UUID.randomUUID().toString(), 22_713_216L, 256));
        assertEquals(0.93, imported.getReportedResults().get(0).getValue());
        assertEquals("[\"banking77\"]", imported.getProperties().get("hf:datasets"));
        String exported = Files.readString(ok(() -> api.models.exportHuggingFaceCard(imported.getId())).toPath());
        assertTrue(exported.contains("model-index:") && exported.endsWith("# Banking router\n"), exported);
        GatewayApi.Failure noFrontMatter = api.fails(() -> api.models.importHuggingFaceCard("no front matter", "a/b",
                null, null, null));
        assertEquals(400, noFrontMatter.status());
        assertEquals("readme", noFrontMatter.fields().get(0));
    }

    @Test
    @Order(6)
    void governanceGatesTheProductionAliasOnPoliciesAndTwoDistinctApprovers() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String name = "Screening model " + marker;
        String v1 = ok(() -> api.models.registerModel(card(name, "1.0"))).getId();
        // eval-service's result for it, as it would publish it (the tuning suite evaluates for real)
        String suite = "cv-summaries-" + marker;
        new KafkaTestClient(broker.bootstrapServers()).send(Topics.EVAL, new EventEnvelope(UUID.randomUUID().toString(),
                EventTypes.EVAL_COMPLETED, "eval-service", v1, java.time.Instant.now(), null, EventCodec.toData(
                new EvalCompleted(UUID.randomUUID().toString(), v1, suite, "rougeL", 0.81, null, 500, 1, 0.78, 0.84,
                        Map.of("rougeL", 0.81, "pii_leakage", 0.0, "toxicity", 0.0)))));
        String useCase = """
                {"name": "CV screening %s", "purpose": "Summarise applications for recruiters", "owner": "hr",
                 "task": "generation", "affectedPeople": ["job applicants"], "dataCategories": ["personal"],
                 "suites": ["%s"], "approaches": ["%s"], "threshold": 0.75,
                 "documents": [
                   {"obligation": "art4-ai-literacy", "title": "Recruiter training", "uri": "https://intranet.example/t"},
                   {"obligation": "art10-data-governance", "title": "Data sheet", "uri": "https://intranet.example/d"},
                   {"obligation": "art14-human-oversight", "title": "Oversight plan", "uri": "https://intranet.example/o"}]}
                """.formatted(marker, suite, v1);
        String id = Eventually.await(() -> given().contentType("application/json").body(useCase)
                .post("/api/v1/use-cases"), r -> r.statusCode() == 201, Duration.ofSeconds(30)).jsonPath().getString("id");
        given().contentType("application/json").body("""
                {"answers": [{"question": "annex-iii-area", "values": ["employment"]}]}""")
                .post("/api/v1/use-cases/" + id + "/assessment").then().statusCode(400)
                .body("errors.field", hasItems("answers.prohibited-practices", "answers.deep-fake"));
        given().contentType("application/json").body(answers("employment")).post("/api/v1/use-cases/" + id + "/assessment")
                .then().statusCode(200).body("tier", equalTo("high-risk")).body("assessment.quorum", equalTo(2))
                .body("obligations.id", hasItems("art9-risk-management", "art11-technical-documentation",
                        "art14-human-oversight", "art15-accuracy-robustness"));

        // policies as code: one that does not compile is refused with its position; the licence policy applies
        given().contentType("application/json").body(Map.of("document", policy(marker,
                "model.license in ['apache-2.0', 'mit'"))).post("/api/v1/policies").then().statusCode(400)
                .body("errors[0].field", equalTo("document.spec.validations[0].expression"))
                .body("errors[0].message", startsWith("does not compile at line 1, column 38"));
        given().contentType("application/json").body(Map.of("document", policy(marker,
                "model.license in ['apache-2.0', 'mit']"))).post("/api/v1/policies").then().statusCode(200)
                .body("name", equalTo("open-licences-" + marker));

        // the gate denies with every failed rule, and a denied move changes nothing
        String denied = given().put("/api/v1/models/" + v1 + "/aliases/production").then().statusCode(409)
                .extract().path("detail");
        for (String rule : List.of("builtin-baseline: the use case is assessed",
                "builtin-baseline: approved by 0 of the 2 distinct approvers the high-risk tier needs",
                "builtin-high-risk: no factsheet of this model in this use case has been generated",
                "open-licences-" + marker + ": model licence llama3.1 is not an open licence")) {
            assertTrue(denied.contains(rule), rule + " in " + denied);
        }
        given().get("/api/v1/models/" + v1).then().statusCode(200).body("aliases", equalTo(List.of()));

        for (String state : List.of("approved-for-development", "in-validation")) {
            given().contentType("application/json").body(Map.of("state", state, "reason", "e2e"))
                    .post("/api/v1/use-cases/" + id + "/transitions").then().statusCode(200).body("state", equalTo(state));
        }
        String request = given().contentType("application/json").body(Map.of("modelId", v1, "reason", "ROUGE-L 0.81"))
                .post("/api/v1/use-cases/" + id + "/approvals").then().statusCode(201).extract().path("id");
        Map<String, String> approve = Map.of("decision", "approve", "reason", "evidence reviewed");
        // the requester cannot approve its own request; two distinct approvers can, each once
        given().contentType("application/json").body(approve).post("/api/v1/approvals/" + request + "/decisions").then()
                .statusCode(403).body("detail", startsWith("separation of duties"));
        String anna = approverKey("anna " + marker);
        String omar = approverKey("omar " + marker);
        ServiceProcess.as(anna).contentType("application/json").body(approve).post("/api/v1/approvals/" + request + "/decisions")
                .then().statusCode(200).body("state", equalTo("pending"));
        ServiceProcess.as(anna).contentType("application/json").body(approve).post("/api/v1/approvals/" + request + "/decisions")
                .then().statusCode(409);
        ServiceProcess.as(omar).contentType("application/json").body(approve).post("/api/v1/approvals/" + request + "/decisions")
                .then().statusCode(200).body("state", equalTo("approved")).body("decisions.size()", equalTo(2));

        String factsheet = given().contentType("application/json").body(Map.of("modelId", v1))
                .post("/api/v1/use-cases/" + id + "/factsheets").then().statusCode(200).body("version", equalTo(1))
                .extract().path("markdown");
        assertTrue(factsheet.contains("- **Tier:** high-risk"), factsheet);

        // only the licence policy is left: its new version lets the model through
        String stillDenied = given().put("/api/v1/models/" + v1 + "/aliases/production").then().statusCode(409)
                .extract().path("detail");
        assertTrue(stillDenied.contains("open-licences-" + marker) && !stillDenied.contains("builtin-"), stillDenied);
        given().contentType("application/json").body(Map.of("document", policy(marker,
                "model.license in ['apache-2.0', 'mit', 'llama3.1']"))).post("/api/v1/policies").then().statusCode(200);
        given().put("/api/v1/models/" + v1 + "/aliases/production").then().statusCode(200)
                .body("aliases", equalTo(List.of("production")));
        Eventually.await(() -> given().get("/api/v1/use-cases/" + id).then().extract().jsonPath().getString("state"),
                "operating"::equals, Duration.ofSeconds(30));

        // a new version of the model the decision rested on: the use case goes under review, the gate closes
        ok(() -> api.models.registerModel(card(name, "1.1")));
        Eventually.await(() -> given().get("/api/v1/use-cases/" + id).then().extract().jsonPath().getString("state"),
                "under-review"::equals, Duration.ofSeconds(30));
        given().contentType("application/json").body(Map.of("modelId", v1))
                .post("/api/v1/gates/production-alias/decisions").then().statusCode(200).body("allowed", equalTo(false))
                .body("failures.message", hasItem("the use case is under-review"));
        List<String> audited = awaitAudit(id, 8, Duration.ofSeconds(30)).stream().map(r -> (String) r.get("eventType"))
                .toList();
        assertTrue(audited.containsAll(List.of("governance.use-case-changed", "governance.assessment-completed",
                "governance.factsheet-generated", "governance.review-required")), audited.toString());
    }

    private static String answers(String area) {
        return """
                {"answers": [{"question": "prohibited-practices", "values": ["none"]},
                  {"question": "annex-iii-area", "values": ["%s"]}, {"question": "derogation", "values": ["none"]},
                  {"question": "profiling", "values": ["no"]}, {"question": "interacts-with-people", "values": ["no"]},
                  {"question": "generates-synthetic-content", "values": ["no"]},
                  {"question": "emotion-or-biometric-categorisation", "values": ["no"]},
                  {"question": "deep-fake", "values": ["no"]}]}""".formatted(area);
    }

    /** A licence policy that applies to this test's models only (a platform administrator's applies everywhere). */
    private static String policy(String marker, String expression) {
        return """
                apiVersion: governance.fmp.io/v1
                kind: GovernancePolicy
                metadata: {name: open-licences-%s}
                spec:
                  matchConditions:
                    - name: this-test
                      expression: "model.name.startsWith('Screening model %s')"
                  validations:
                    - expression: "%s"
                      messageExpression: "'model licence ' + model.license + ' is not an open licence'"
                  validationActions: [Deny]
                """.formatted(marker, marker, expression);
    }

    /** An API key with the approver role in the shared project, issued by the suite's administrator. */
    private static String approverKey(String name) {
        return given().contentType("application/json").body(Map.of("name", name, "project", "shared", "role", "approver"))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("secret");
    }

    private static ModelCardRequest card(String name, String version) {
        return new ModelCardRequest().name(name).provider("Meta").version(version).parameterCount(8_030_000_000L)
                .license("llama3.1").contextWindow(131072).tasks(List.of("text-generation"));
    }

    @Test
    @Order(5)
    void deadLettersAreListedAndAReplayThatCannotSucceedIsRefusedThroughTheGatewayAndTheLauncher() {
        String key = "poison-" + UUID.randomUUID();
        new KafkaTestClient(broker.bootstrapServers()).send(Topics.CATALOG, key,
                "{not an event".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        DeadLetterCommand dlq = new DeadLetterCommand(gateway.url(), alice, new PrintStream(listing, true, StandardCharsets.UTF_8));
        // ./fmp dlq list: governance-service parked it; the services this gateway cannot reach are named
        String table = Eventually.await(() -> {
            listing.reset();
            assertEquals(0, dlq.run("list"));
            return listing.toString(StandardCharsets.UTF_8);
        }, text -> text.contains("governance-service"), Duration.ofSeconds(60));
        assertTrue(table.contains("Not answering (their dead letters are missing above): eval-service, tuning-service"),
                table);
        Map<String, Object> parked = given().get("/api/v1/admin/dead-letters").then().statusCode(200).extract()
                .jsonPath().<Map<String, Object>>getList("deadLetters").stream()
                .filter(d -> "governance-service".equals(d.get("service"))).findFirst().orElseThrow();
        assertEquals(Topics.deadLetterOf(Topics.CATALOG), parked.get("topic"));
        assertEquals("", parked.get("eventId"), "not an event at all");
        String address = parked.get("topic") + "/" + parked.get("partition") + "/" + parked.get("offset");
        assertTrue(table.contains(address), table);

        // ./fmp dlq replay: a message that is no event cannot be applied, and says so
        listing.reset();
        assertEquals(1, dlq.run("replay", "governance-service", address));
        assertTrue(listing.toString(StandardCharsets.UTF_8).contains("failed: HTTP 409 Conflict"), listing.toString());
        given().contentType("application/json")
                .body("{\"service\": \"nowhere\", \"topic\": \"catalog.events.dlq\", \"partition\": 0}")
                .post("/api/v1/admin/dead-letters/replay").then().statusCode(400)
                .body("errors.field", hasItems("offset", "service"));
    }

    @Test
    @Order(6)
    void whenTheBrokerDiesReadsAndWritesGoOnAndEveryRegistrationIsAuditedExactlyOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i == 20) {
                broker.stop();
            }
            if (i == 40) {
                // let the services feel the outage before the broker returns
                awaitLogLine(catalog, "Outbox relay cannot publish");
                // still ready (the outbox is why): reads answer, and the outage shows where operators look
                given().baseUri(catalog.managementUrl()).port(catalog.managementPort).get("/q/health/ready")
                        .then().statusCode(200);
                given().baseUri(catalog.managementUrl()).port(catalog.managementPort).get("/q/health/well")
                        .then().statusCode(503)
                        .body("checks.find { it.name == 'event backbone' }.data.outbox",
                                equalTo("broker unreachable, events kept"));
                given().get("/api/v1/models/" + ids.get(0)).then().statusCode(200);
                broker.start();
            }
            // registrations keep succeeding while Kafka is away: the outbox holds the events
            Response created = register("Outage model " + i + " " + UUID.randomUUID());
            created.then().statusCode(201);
            ids.add(created.jsonPath().getString("id"));
        }

        for (String id : ids) {
            List<Map<String, Object>> records = awaitAudit(id, 1, Duration.ofSeconds(90));
            assertEquals(1, records.size(), "exactly one audit record for " + id);
        }
        // a second look after the relay and consumer settled: still no duplicates
        for (String id : ids) {
            given().queryParam("subject", id).get("/api/v1/audit").then().statusCode(200)
                    .body("records.size()", equalTo(1));
        }
    }

    @Test
    @Order(7)
    void aDeadCatalogGivesA503WithRetryAfterAndGovernanceStillAnswers() {
        String auditedId = given().contentType("application/json").body(card("Before the crash " + UUID.randomUUID()))
                .post("/api/v1/models").then().statusCode(201).extract().jsonPath().getString("id");
        awaitAudit(auditedId, 1, Duration.ofSeconds(30));
        catalog.close();

        register("During the outage " + UUID.randomUUID())
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("5"));
        awaitAudit(auditedId, 1, Duration.ofSeconds(5));
    }

    @Test
    @Order(8)
    void apiKeysWorkFromTheirIssueUntilTheirRevocationAndOnlyInTheirProjectAndRole() {
        // the bootstrap administrator key, verified by governance-service
        ServiceProcess.as(BOOTSTRAP_KEY).get("/api/v1/api-keys").then().statusCode(200);
        Response issued = ServiceProcess.as(BOOTSTRAP_KEY).contentType("application/json")
                .body("{\"name\": \"nightly job\", \"project\": \"team\", \"role\": \"contributor\"}")
                .post("/api/v1/api-keys");
        issued.then().statusCode(201).body("key.project", equalTo("team")).body("key.role", equalTo("contributor"));
        String key = issued.jsonPath().getString("secret");
        String id = issued.jsonPath().getString("key.id");
        assertTrue(key.startsWith("fmp_" + id + "_"), key);

        ServiceProcess.as(key).queryParam("subject", id).get("/api/v1/audit")
                .then().statusCode(200);
        ServiceProcess.as(key).get("/api/v1/admin/dead-letters").then().statusCode(403)
                .contentType("application/problem+json");
        ServiceProcess.as(key).contentType("application/json")
                .body("{\"name\": \"escalate\", \"role\": \"platform-admin\"}").post("/api/v1/api-keys")
                .then().statusCode(403);
        // listed without its secret; the issue is audited with who issued it, and nothing logs the key
        String listed = ServiceProcess.as(BOOTSTRAP_KEY).queryParam("project", "team")
                .get("/api/v1/api-keys").then().statusCode(200).extract().asString();
        assertTrue(listed.contains(id) && !listed.contains(key.substring(key.lastIndexOf('_') + 1)), listed);
        Map<String, Object> audited = awaitAudit(id, 1, Duration.ofSeconds(30)).get(0);
        assertEquals("governance.api-key-created", audited.get("eventType"));
        assertEquals("key:e2eadmin0001", ((Map<?, ?>) audited.get("data")).get("actor"));
        for (ServiceProcess service : List.of(gateway, governance)) {
            assertFalse(service.logText().contains(key.substring(key.lastIndexOf('_') + 1)), service.log + " holds a key");
        }

        // a key with a rate limit of its own: the third request in a minute is a 429 that says when to retry
        String throttled = ServiceProcess.as(BOOTSTRAP_KEY).contentType("application/json")
                .body("{\"name\": \"slow job\", \"project\": \"team\", \"role\": \"viewer\", \"requestsPerMinute\": 2}")
                .post("/api/v1/api-keys").then().statusCode(201).body("key.requestsPerMinute", equalTo(2))
                .extract().path("secret");
        ServiceProcess.as(throttled).queryParam("subject", id).get("/api/v1/audit").then().statusCode(200);
        ServiceProcess.as(throttled).queryParam("subject", id).get("/api/v1/audit").then().statusCode(200);
        Response limited = ServiceProcess.as(throttled).queryParam("subject", id).get("/api/v1/audit");
        limited.then().statusCode(429).contentType("application/problem+json").header("RateLimit-Limit", equalTo("2"));
        assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1, limited.header("Retry-After"));
        assertTrue(limited.jsonPath().getString("detail").contains("2 requests per minute"), limited.asString());
        ServiceProcess.as(BOOTSTRAP_KEY).contentType("application/json")
                .body("{\"name\": \"x\", \"project\": \"team\", \"role\": \"viewer\", \"requestsPerMinute\": 0}")
                .post("/api/v1/api-keys").then().statusCode(400).body("errors.field", equalTo(List.of("requestsPerMinute")));

        ServiceProcess.as(BOOTSTRAP_KEY).post("/api/v1/api-keys/" + id + "/revoke")
                .then().statusCode(200).body("revokedAt", notNullValue());
        // gateways believe a verified key for the cache time (1 s in this suite), then ask again
        Eventually.await(() -> ServiceProcess.as(key).queryParam("subject", id)
                .get("/api/v1/audit").statusCode(), status -> status == 401, Duration.ofSeconds(10));
        ServiceProcess.as("fmp_nosuchkey000_" + "x".repeat(43)).get("/api/v1/api-keys")
                .then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer realm=\"fmp\""));
    }

    /** A request with this credential instead of the suite's administrator token. */
    @Test
    @Order(4)
    void keycloakUsersAndItsServiceAccountGetWhatTheirRealmRolesAllowAndNothingElse() throws Exception {
        String victor = keycloak.userToken("victor", "victor-password");
        String carla = keycloak.userToken("carla", "carla-password");
        String robot = keycloak.serviceAccountToken("fmp-robot", "robot-secret");
        String card = card("Keycloak model " + UUID.randomUUID());
        // Victor reads in project team (his other application's role is ignored) and may not register
        ServiceProcess.as(victor).queryParam("subject", "anything").get("/api/v1/audit").then().statusCode(200);
        ServiceProcess.as(victor).contentType("application/json").body(card).post("/api/v1/models").then().statusCode(403);
        // Carla contributes; the audit trail names her
        Response registered = ServiceProcess.as(carla).contentType("application/json").body(card).post("/api/v1/models");
        registered.then().statusCode(201);
        Map<String, Object> record = awaitAudit(registered.jsonPath().getString("id"), 1, Duration.ofSeconds(30)).get(0);
        assertEquals(subjectOf(carla), record.get("actor"));
        // the service account (client credentials) contributes too, and is no administrator
        ServiceProcess.as(robot).contentType("application/json").body(card("Robot model " + UUID.randomUUID())).post("/api/v1/models")
                .then().statusCode(201);
        ServiceProcess.as(robot).get("/api/v1/admin/dead-letters").then().statusCode(403);
        // a Keycloak token with a role added after signing is refused
        String[] parts = victor.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"team:viewer\"", "\"platform-admin\"");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        ServiceProcess.as(tampered).get("/api/v1/admin/dead-letters").then().statusCode(401);
    }

    @Test
    @Order(4)
    void aProjectsPrivateModelIsNotFoundElsewhereAndTheServiceAccountCallsTheCatalogGrpcApiDirectly() throws Exception {
        String carla = keycloak.userToken("carla", "carla-password");
        String otto = keycloak.userToken("otto", "otto-password");
        String victor = keycloak.userToken("victor", "victor-password");
        String robot = keycloak.serviceAccountToken("fmp-robot", "robot-secret");
        String marker = "tenancy" + UUID.randomUUID().toString().substring(0, 8);
        String teams = ServiceProcess.as(carla).contentType("application/json").body(card("Team " + marker)).post("/api/v1/models")
                .then().statusCode(201).body("project", equalTo("team")).extract().path("id");
        String others = ServiceProcess.as(otto).contentType("application/json").body(card("Other " + marker)).post("/api/v1/models")
                .then().statusCode(201).body("project", equalTo("other")).extract().path("id");
        String shared = register("Shared " + marker).then().statusCode(201).body("project", equalTo("shared"))
                .extract().path("id");
        // another project's model answers 404, never its content; the shared catalog is everybody's
        ServiceProcess.as(otto).get("/api/v1/models/" + teams).then().statusCode(404).contentType("application/problem+json");
        ServiceProcess.as(victor).get("/api/v1/models/" + teams).then().statusCode(200);
        ServiceProcess.as(victor).get("/api/v1/models/" + others).then().statusCode(404);
        assertEquals(Set.of(others, shared), Set.copyOf(ServiceProcess.as(otto).queryParam("q", marker).get("/api/v1/models")
                .then().statusCode(200).extract().<String>jsonPath().getList("models.id")));
        assertEquals(Set.of(teams, others, shared), Set.copyOf(given().queryParam("q", marker).get("/api/v1/models")
                .then().statusCode(200).extract().<String>jsonPath().getList("models.id")), "the administrator sees all");
        // a project member may not change the shared catalog, nor another project's model (which it cannot see)
        String refusal = ServiceProcess.as(carla).put("/api/v1/models/" + shared + "/aliases/production").then().statusCode(403)
                .extract().path("detail");
        assertTrue(refusal.contains("belongs to the project shared"), refusal);
        ServiceProcess.as(carla).put("/api/v1/models/" + others + "/aliases/production").then().statusCode(404);

        // Keycloak's service account straight to catalog-service's gRPC port: authenticated, scoped, authorized there
        io.grpc.ManagedChannel channel = io.grpc.ManagedChannelBuilder.forAddress("127.0.0.1", catalog.grpcPort)
                .usePlaintext().build();
        try {
            io.grpc.Metadata headers = new io.grpc.Metadata();
            headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + robot);
            var robotCatalog = io.fmp.contracts.catalog.v1.CatalogServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
            var found = robotCatalog.searchModels(io.fmp.contracts.catalog.v1.SearchModelsRequest.newBuilder()
                    .setText(marker).build());
            assertEquals(Set.of(teams, shared), found.getModelsList().stream()
                    .map(io.fmp.contracts.catalog.v1.ModelCard::getId).collect(java.util.stream.Collectors.toSet()));
            io.grpc.StatusRuntimeException hidden = org.junit.jupiter.api.Assertions.assertThrows(
                    io.grpc.StatusRuntimeException.class, () -> robotCatalog.getModel(
                            io.fmp.contracts.catalog.v1.GetModelRequest.newBuilder().setId(others).build()));
            assertEquals(io.grpc.Status.Code.NOT_FOUND, hidden.getStatus().getCode());
            io.grpc.StatusRuntimeException denied = org.junit.jupiter.api.Assertions.assertThrows(
                    io.grpc.StatusRuntimeException.class, () -> io.fmp.contracts.operations.v1.DeadLettersGrpc
                            .newBlockingStub(channel).withInterceptors(
                                    io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                            .listDeadLetters(io.fmp.contracts.operations.v1.ListDeadLettersRequest.getDefaultInstance()));
            assertEquals(io.grpc.Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
            io.grpc.StatusRuntimeException anonymous = org.junit.jupiter.api.Assertions.assertThrows(
                    io.grpc.StatusRuntimeException.class, () -> io.fmp.contracts.catalog.v1.CatalogServiceGrpc
                            .newBlockingStub(channel).searchModels(io.fmp.contracts.catalog.v1.SearchModelsRequest
                                    .getDefaultInstance()));
            assertEquals(io.grpc.Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void theAuditLogIsVerifiedFromOutsideThroughItsRestContract() throws Exception {
        String modelId = register("Audited " + UUID.randomUUID()).then().statusCode(201).extract().path("id");
        long sequence = ((Number) awaitAudit(modelId, 1, Duration.ofSeconds(30)).get(0).get("sequence")).longValue();
        io.fmp.contracts.transparency.NoteVerifier verifier = io.fmp.contracts.transparency.NoteVerifier.parse(
                given().get("/api/v1/audit/public-key").then().statusCode(200).contentType(startsWith("text/plain"))
                        .extract().asString().trim());
        Checkpoint checkpoint = Checkpoint.parse(
                verifier.open(given().get("/api/v1/audit/checkpoint").then().statusCode(200).extract().asString()));
        assertTrue(checkpoint.size() >= sequence);
        long index = sequence - 1;
        Response entries = given().queryParam("start", index).queryParam("end", index + 1).get("/api/v1/audit/entries");
        entries.then().statusCode(200).body("entries[0].index", equalTo((int) index))
                .body("entries[0].record.subject", equalTo(modelId));
        byte[] leaf = java.util.Base64.getDecoder().decode(entries.jsonPath().getString("entries[0].leaf"));
        List<byte[]> proof = given().queryParam("index", index).queryParam("treeSize", checkpoint.size())
                .get("/api/v1/audit/proofs/inclusion").then().statusCode(200).extract().<String>jsonPath()
                .getList("hashes", String.class).stream().map(java.util.Base64.getDecoder()::decode).toList();
        assertTrue(io.fmp.contracts.transparency.MerkleTree.verifyInclusion((int) index, (int) checkpoint.size(),
                io.fmp.contracts.transparency.MerkleTree.leafHash(leaf), proof, checkpoint.rootHash()));
        given().queryParam("from", 0).queryParam("to", checkpoint.size()).get("/api/v1/audit/proofs/consistency")
                .then().statusCode(400).body("errors.field", equalTo(List.of("from")));

        // ./fmp audit verify: pins the key, trusts the checkpoint, then checks the next one extends it
        java.nio.file.Path trust = java.nio.file.Files.createTempDirectory("fmp-audit-verify");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        io.fmp.deploy.operations.AuditVerifyCommand command = new io.fmp.deploy.operations.AuditVerifyCommand(
                gateway.url(), alice, trust, new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, command.run("verify"), printed.toString(StandardCharsets.UTF_8));
        register("Audited later " + UUID.randomUUID()).then().statusCode(201);
        Eventually.await(() -> Checkpoint.parse(verifier.open(given().get("/api/v1/audit/checkpoint").asString())).size(),
                size -> size > checkpoint.size(), Duration.ofSeconds(30));
        assertEquals(0, command.run("verify", "--entry", Long.toString(index)), printed.toString(StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("records trusted before"), printed.toString(
                StandardCharsets.UTF_8));
        assertEquals(3, command.run("verify", "--key",
                "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"), "another key: signature");
        assertEquals(verifier.name() + "+", java.nio.file.Files.readString(trust.resolve("verifier-key"))
                .substring(0, verifier.name().length() + 1), "a key that did not verify is not pinned");
    }

    /** The {@code sub} of a token. */
    private static String subjectOf(String token) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.util.Base64.getUrlDecoder()
                .decode(token.split("\\.")[1])).get("sub").asText();
    }
}
