package io.fmp.gateway.errors;

import io.fmp.contracts.errors.Problem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.fmp.platform.testing.TestIdentityProviderResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's own error behaviour; in the test profile no catalog or governance service runs. */
@QuarkusTest
@QuarkusTestResource(TestIdentityProviderResource.class)
class GatewayErrorsTest {

    private static final String ADMIN = TestIdentityProviderResource.provider().token("admin", "platform-admin");

    @BeforeEach
    void asAdministrator() {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer " + ADMIN).build();
    }

    @AfterEach
    void asNobody() {
        RestAssured.requestSpecification = null;
    }

    private static final String VALID_CARD = """
            {"name": "Granite 3.0 8B Instruct", "provider": "IBM", "version": "3.0", "parameterCount": 8170000000,
             "license": "apache-2.0", "contextWindow": 4096, "tasks": ["text-generation"]}""";

    @Test
    void malformedJsonIsA400ProblemWithThePosition() {
        given().contentType("application/json").body("{\"name\": \"x\",,}")
                .post("/api/v1/models")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", containsString("line 1, column 14"));
    }

    @Test
    void everyBadFieldIsNamedInOneResponse() {
        given().contentType("application/json")
                .body("{\"name\": \"x\", \"provider\": [], \"parameterCount\": \"many\", \"contextWindow\": 1,"
                        + " \"tasks\": [], \"licence\": \"mit\"}")
                .post("/api/v1/models")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("5 fields are invalid"))
                .body("errors.field", hasItems("licence", "provider", "version", "parameterCount", "license"));
    }

    @Test
    void aServiceRefusingTheCallerIsA403WithItsReasonNotABadGateway() {
        Response answer = new GatewayExceptionMappers().downstreamAnswer(new StatusRuntimeException(
                Status.PERMISSION_DENIED.withDescription("this call needs a platform administrator")));
        assertEquals(403, answer.getStatus());
        assertEquals("this call needs a platform administrator", ((Problem) answer.getEntity()).detail());
    }

    @Test
    void aMessageAboveAServicesLimitIsA413NotARetry() {
        Response answer = new GatewayExceptionMappers().downstreamAnswer(new StatusRuntimeException(
                Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 17825792: 20000000")));
        assertEquals(413, answer.getStatus());
        assertNull(answer.getHeaderString("Retry-After"));
    }

    @Test
    void aDownstreamServiceThatIsDownGivesA503WithRetryAfterNotAHang() {
        given().contentType("application/json").body(VALID_CARD)
                .post("/api/v1/models")
                .then().statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", equalTo("5"))
                .body("detail", containsString("retry after 5 s"));
        given().get("/api/v1/audit?subject=anything")
                .then().statusCode(503)
                .header("Retry-After", equalTo("5"));
    }

    @Test
    void evaluationRequestsAreCheckedAtTheEdgeBeforeEvalServiceIsAsked() {
        given().contentType("text/plain").body("{\"input\": \"x\"}\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/datasets?colour=red")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", hasItems("colour", "name", "format"));
        given().get("/api/v1/runs?state=finished&limit=0")
                .then().statusCode(400)
                .body("errors.field", hasItems("state", "limit"));
        given().get("/api/v1/runs/compare?baseline=r1")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("system"));
        given().get("/api/v1/datasets/banking77/versions/first")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("version"));
        given().contentType("application/json").body("{\"suite\": \"s\", \"modelId\": \"m\"}")
                .post("/api/v1/runs")
                .then().statusCode(503).header("Retry-After", equalTo("5"));
        given().contentType("application/x-ndjson").body("{\"input\": \"x\"}\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/datasets?name=tiny")
                .then().statusCode(503);
    }

    @Test
    void largeDocumentsAreRefusedWithoutBeingRead() {
        given().contentType("application/json").body("{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .post("/api/v1/suites")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE)
                .body("detail", startsWith("JSON request bodies are limited to 1048576 bytes"));
    }

    @Test
    void aChunkedBodyIsCountedAsItArrivesAndRefusedOnceItPassesTheLimit() throws Exception {
        long twentyMiB = 20L * 1024 * 1024;
        // a blocking endpoint and a reactive one: both read through the same count
        for (String path : List.of("/api/v1/suites", "/api/v1/models")) {
            ChunkedRequest.Answer answer = ChunkedRequest.post(RestAssured.port, ADMIN, path, "application/json",
                    "{\"name\": \"", (byte) 'x', twentyMiB, "\"}");
            assertEquals(413, answer.status(), path + ": " + answer.headers());
            assertTrue(answer.headers().toLowerCase().contains("content-type: " + Problem.MEDIA_TYPE), answer.headers());
            assertTrue(answer.body().contains("limited to 1048576 bytes"), answer.body());
            assertTrue(answer.bytesSent() < twentyMiB, path + ": the gateway answered before the body was all sent");
        }
        ChunkedRequest.Answer yaml = ChunkedRequest.post(RestAssured.port, ADMIN, "/api/v1/models/import", "application/yaml",
                "# ", (byte) 'x', twentyMiB, "\n");
        assertEquals(413, yaml.status(), yaml.headers());
        assertTrue(yaml.body().contains("documents are limited to 16777216 bytes"), yaml.body());
        // under the limit a chunked body is read and judged on its content
        ChunkedRequest.Answer small = ChunkedRequest.post(RestAssured.port, ADMIN, "/api/v1/suites", "application/json",
                "{\"name\": \"", (byte) 'x', 100 * 1024, "\"}");
        assertEquals(400, small.status(), small.body());
    }

    @Test
    void theAuditQueryNeedsASubject() {
        given().get("/api/v1/audit")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("subject"));
    }

    @Test
    void responsesCarryTheTraceIdAndTheApiIsDocumented() {
        given().get("/api/v1/audit")
                .then().header("X-Trace-Id", matchesPattern("[0-9a-f]{32}"));
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/v1/models'.post.requestBody", notNullValue())
                .body("paths.'/api/v1/audit'.get", notNullValue())
                .body("paths.'/api/v1/runs'.post.requestBody", notNullValue())
                .body("paths.'/api/v1/leaderboards/{suite}'.get", notNullValue());
    }
}
