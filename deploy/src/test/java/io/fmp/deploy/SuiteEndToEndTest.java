package io.fmp.deploy;

import io.fmp.platform.testing.EmbeddedKafkaBroker;
import io.fmp.platform.testing.Eventually;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton across process boundaries: gateway -> catalog (gRPC) -> Kafka ->
 * governance, with the packaged services, a real KRaft broker and real PostgreSQL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndTest {

    static EmbeddedKafkaBroker broker;
    static ServiceProcess catalog;
    static ServiceProcess governance;
    static ServiceProcess gateway;

    @BeforeAll
    static void startSuite() throws InterruptedException {
        broker = EmbeddedKafkaBroker.startNew();
        catalog = ServiceProcess.start("catalog-service", serviceEnv("fmp_catalog_e2e"));
        governance = ServiceProcess.start("governance-service", serviceEnv("fmp_governance_e2e"));
        catalog.awaitReady(Duration.ofSeconds(120));
        governance.awaitReady(Duration.ofSeconds(120));
        gateway = ServiceProcess.gateway(Map.of("catalog", catalog.grpcPort, "governance", governance.grpcPort));
    }

    @AfterAll
    static void stopSuite() {
        ServiceProcess.closeAll(gateway, governance, catalog, broker);
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
    @Order(1)
    void aModelRegisteredAtTheGatewayIsStoredAuditedAndTracedAcrossAllThreeServices() {
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
        given().get("/api/v1/models/not-an-id").then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    @Order(3)
    void sizingAndCostEstimatesGoThroughTheGatewayToTheCatalog() {
        given().contentType("application/json").body("""
                        {"shape": {"parameterCount": 70600000000, "layers": 80, "kvHeads": 8, "headDim": 128},
                         "precision": "fp16", "contextTokens": 8192}""")
                .post("/api/v1/selection/fit")
                .then().statusCode(200)
                .body("options.find { it.gpu == 'H100-80GB' }.gpuCount", equalTo(4))
                .body("options.find { it.gpu == 'H200-141GB' }.gpuCount", equalTo(2));
        String workload = "\"workload\": {\"requestsPerMonth\": 1000000, \"inputTokens\": 500, \"outputTokens\": 200}";
        given().contentType("application/json")
                .body("{" + workload + ", \"api\": {\"usdPerMillionInput\": 2.5, \"usdPerMillionOutput\": 10}}")
                .post("/api/v1/selection/cost")
                .then().statusCode(200).body("monthlyUsd", equalTo(3250.0f));
        // a card with selection facts, then a use case it alone satisfies among the registered ones
        String cloudModel = given().contentType("application/json").body("""
                        {"name": "Cloud-ready %s", "provider": "Mistral AI", "version": "0.1", "parameterCount": 46700000000,
                         "license": "apache-2.0", "contextWindow": 32768, "tasks": ["text-generation"],
                         "facts": {"deploymentOptions": ["cloud", "on-prem"], "architecture": "mixture-of-experts",
                                   "trainingData": "summary"}}""".formatted(UUID.randomUUID()))
                .post("/api/v1/models").then().statusCode(201)
                .body("commercialUse", equalTo(true))
                .body("facts.deploymentOptions", equalTo(List.of("on-prem", "cloud")))
                .extract().jsonPath().getString("id");
        given().contentType("application/json").body("""
                        {"task": "text-generation", "constraints": {"commercialUse": true, "deploymentMode": "cloud"},
                         "weights": {"quality": 1, "risk": 1}}""")
                .post("/api/v1/selection/recommendations")
                .then().statusCode(200)
                .body("ranked.modelId", equalTo(List.of(cloudModel)))
                .body("ranked[0].explanation", org.hamcrest.Matchers.containsString("risk score"))
                .body("excluded.violations.flatten().constraint.unique()", equalTo(List.of("deploymentMode")));
        // a range rule that only the catalog knows comes back as a named field
        given().contentType("application/json")
                .body("{" + workload + ", \"selfHosted\": {\"gpusPerReplica\": 1, \"gpuHourlyUsd\": 2,"
                        + " \"gpuPowerWatts\": 700, \"tokensPerSecond\": 2500, \"targetUtilisation\": 1.5,"
                        + " \"pue\": 1.2, \"gridGramsCo2PerKwh\": 400}}")
                .post("/api/v1/selection/cost")
                .then().statusCode(400).body("errors.field", equalTo(List.of("selfHosted.targetUtilisation")));
    }

    @Test
    @Order(4)
    void versionsAliasesUpdatesAndHuggingFaceCardsThroughTheGateway() {
        String name = "Versioned " + UUID.randomUUID();
        String v1 = register(name).then().statusCode(201).extract().jsonPath().getString("id");
        String v2 = given().contentType("application/json").body(card(name).replace("\"3.1\"", "\"3.2\""))
                .post("/api/v1/models").then().statusCode(201).extract().jsonPath().getString("id");

        String etag = given().get("/api/v1/models/" + v1).then().statusCode(200).extract().header("ETag");
        given().contentType("application/json").header("If-Match", etag)
                .body("""
                        {"facts": {"tags": ["banking"]}, "properties": {"owner": "payments-ml"},
                         "endpoints": [{"protocol": "openai-chat", "url": "https://llama.internal/v1",
                                        "secretRef": "k8s:llama-gateway/api-key"}]}""")
                .patch("/api/v1/models/" + v1)
                .then().statusCode(200)
                .body("facts.tags", equalTo(List.of("banking")))
                .body("endpoints[0].secretRef", equalTo("k8s:llama-gateway/api-key"))
                .body("properties.owner", equalTo("payments-ml"));
        given().contentType("application/json").header("If-Match", etag).body("{\"facts\": {\"tags\": []}}")
                .patch("/api/v1/models/" + v1).then().statusCode(412);
        given().contentType("application/json").body("{\"parameterCount\": 1, \"documentation\": \"x\"}")
                .patch("/api/v1/models/" + v1)
                .then().statusCode(400).body("errors[0].field", equalTo("parameterCount"));
        given().contentType("application/json").body("{\"lifecycleState\": \"approved\"}")
                .patch("/api/v1/models/" + v1).then().statusCode(409);

        given().put("/api/v1/models/" + v1 + "/aliases/production").then().statusCode(200)
                .body("aliases", equalTo(List.of("production")));
        given().put("/api/v1/models/" + v2 + "/aliases/production").then().statusCode(200);
        given().queryParam("name", name).queryParam("alias", "production").get("/api/v1/models/resolve")
                .then().statusCode(200).body("id", equalTo(v2)).body("version", equalTo("3.2"));
        given().queryParam("name", name).get("/api/v1/models/versions")
                .then().statusCode(200).body("id", equalTo(List.of(v2, v1))).body("aliases[1]", equalTo(List.of()));

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
        String imported = given().contentType("text/markdown").body(readme)
                .queryParam("repoId", "my-team/banking-router").queryParam("version", UUID.randomUUID().toString())
                .queryParam("parameterCount", 22713216).queryParam("contextWindow", 256)
                .post("/api/v1/models/import/huggingface")
                .then().statusCode(201)
                .body("reportedResults[0].value", equalTo(0.93f))
                .body("properties.'hf:datasets'", equalTo("[\"banking77\"]"))
                .extract().jsonPath().getString("id");
        String exported = given().get("/api/v1/models/" + imported + "/huggingface").then().statusCode(200)
                .extract().asString();
        assertTrue(exported.contains("model-index:") && exported.endsWith("# Banking router\n"), exported);
        given().contentType("text/markdown").body("no front matter").queryParam("repoId", "a/b")
                .post("/api/v1/models/import/huggingface")
                .then().statusCode(400).body("errors[0].field", equalTo("readme"));
    }

    @Test
    @Order(5)
    void whenTheBrokerDiesMidStreamEveryRegistrationIsAuditedExactlyOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i == 20) {
                broker.stop();
            }
            if (i == 40) {
                // let the services feel the outage before the broker returns
                awaitLogLine(catalog, "Outbox relay cannot publish");
                given().baseUri(catalog.url()).port(catalog.httpPort).get("/q/health/ready").then().statusCode(503);
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
    @Order(6)
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
}
