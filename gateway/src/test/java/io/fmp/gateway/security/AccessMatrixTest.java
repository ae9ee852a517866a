package io.fmp.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.contracts.errors.Problem;
import io.fmp.platform.testing.TestIdentityProvider;
import io.fmp.platform.testing.TestIdentityProviderResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks every operation of the OpenAPI document as nobody and as each role, and checks the answer
 * against the permission matrix below (docs/security.md has the same table): an operation added
 * without a row here, or without an access rule, fails the build. The services behind the gateway
 * are down in this profile: an allowed request gets past authorization and then fails (400, 404,
 * 503), a denied one is a 403, an anonymous one a 401.
 */
@QuarkusTest
@QuarkusTestResource(TestIdentityProviderResource.class)
class AccessMatrixTest {

    /** The least role each operation needs in the caller's project. */
    static final Map<String, String> MATRIX = Map.ofEntries(
            Map.entry("listAuditRecords", "viewer"),
            Map.entry("getAuditLogKey", "viewer"),
            Map.entry("getAuditCheckpoint", "viewer"),
            Map.entry("listAuditLogEntries", "platform-admin"),
            Map.entry("getAuditInclusionProof", "viewer"),
            Map.entry("getAuditConsistencyProof", "viewer"),
            Map.entry("uploadDataset", "contributor"),
            Map.entry("listDatasets", "viewer"),
            Map.entry("getDataset", "viewer"),
            Map.entry("getDatasetVersion", "viewer"),
            Map.entry("listDatasetExamples", "viewer"),
            Map.entry("getLeaderboard", "viewer"),
            Map.entry("startRun", "contributor"),
            Map.entry("listRuns", "viewer"),
            Map.entry("getRun", "viewer"),
            Map.entry("cancelRun", "contributor"),
            Map.entry("listRunResults", "viewer"),
            Map.entry("compareRuns", "viewer"),
            Map.entry("createSuite", "contributor"),
            Map.entry("listSuites", "viewer"),
            Map.entry("getSuite", "viewer"),
            Map.entry("registerModel", "contributor"),
            Map.entry("searchModels", "viewer"),
            Map.entry("importModels", "contributor"),
            Map.entry("exportModels", "viewer"),
            Map.entry("getModel", "viewer"),
            Map.entry("updateModel", "contributor"),
            Map.entry("setModelAlias", "contributor"),
            Map.entry("listModelVersions", "viewer"),
            Map.entry("resolveModel", "viewer"),
            Map.entry("importHuggingFaceCard", "contributor"),
            Map.entry("exportHuggingFaceCard", "viewer"),
            Map.entry("recommendModels", "viewer"),
            Map.entry("estimateFit", "viewer"),
            Map.entry("estimateCost", "viewer"),
            Map.entry("submitTuningJob", "contributor"),
            Map.entry("estimateTuningJob", "viewer"),
            Map.entry("listTuningJobs", "viewer"),
            Map.entry("getTuningJob", "viewer"),
            Map.entry("cancelTuningJob", "contributor"),
            Map.entry("getTuningJobMetrics", "viewer"),
            Map.entry("getTuningJobArtifact", "viewer"),
            Map.entry("listDeadLetters", "platform-admin"),
            Map.entry("replayDeadLetter", "platform-admin"),
            Map.entry("createApiKey", "project-admin"),
            Map.entry("listApiKeys", "project-admin"),
            Map.entry("revokeApiKey", "project-admin"),
            Map.entry("getRiskCatalogue", "viewer"),
            Map.entry("createUseCase", "contributor"),
            Map.entry("listUseCases", "viewer"),
            Map.entry("getUseCase", "viewer"),
            Map.entry("transitionUseCase", "contributor"),
            Map.entry("assessUseCase", "contributor"),
            Map.entry("requestApproval", "contributor"),
            Map.entry("generateFactsheet", "contributor"),
            Map.entry("getFactsheet", "viewer"),
            Map.entry("getFactsheetPdf", "viewer"),
            Map.entry("decideApproval", "approver"),
            Map.entry("revokeApproval", "approver"),
            Map.entry("putPolicy", "project-admin"),
            Map.entry("listPolicies", "viewer"),
            Map.entry("decideGate", "contributor"),
            Map.entry("createDeployment", "contributor"),
            Map.entry("estimateDeployment", "viewer"),
            Map.entry("listDeployments", "viewer"),
            Map.entry("getDeployment", "viewer"),
            Map.entry("scaleDeployment", "contributor"),
            Map.entry("deleteDeployment", "contributor"),
            Map.entry("classifyText", "viewer"),
            Map.entry("getInputDrift", "viewer"),
            Map.entry("getUsage", "viewer"));

    /** The callers: a role in project "team", or the platform administrator. */
    static final List<String> ROLES = List.of("viewer", "contributor", "approver", "project-admin", "platform-admin");

    /** Contributors read, project administrators contribute, approvers only read and decide. */
    static boolean allowed(String needed, String role) {
        if (role.equals("platform-admin")) {
            return true;
        }
        return switch (needed) {
            case "viewer" -> true;
            case "contributor" -> role.equals("contributor") || role.equals("project-admin");
            case "approver" -> role.equals("approver");
            case "project-admin" -> role.equals("project-admin");
            default -> false;
        };
    }

    record Operation(String id, String method, String path, String contentType) {
    }

    static List<Operation> operations() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!method.getValue().has("operationId")) {
                    continue;
                }
                JsonNode content = method.getValue().path("requestBody").path("content");
                String type = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                operations.add(new Operation(method.getValue().get("operationId").asText(),
                        method.getKey().toUpperCase(), path.getKey().replaceAll("\\{[^}]+}", "x"), type));
            }
        }
        return operations;
    }

    static Response call(Operation op, String bearer) {
        RequestSpecification request = given().redirects().follow(false);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (op.contentType() != null) {
            request.contentType(op.contentType()).body((op.contentType().contains("json") ? "{}" : "x")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return request.request(op.method(), op.path());
    }

    @Test
    void everyOperationHasARuleAndTheMatrixHoldsForEveryRole() throws Exception {
        TestIdentityProvider idp = TestIdentityProviderResource.provider();
        List<Operation> operations = operations();
        assertEquals(MATRIX.keySet(), operations.stream().map(Operation::id).collect(java.util.stream.Collectors.toSet()),
                "every operation of the OpenAPI document has a row in the matrix, and every row an operation");
        List<String> wrong = new ArrayList<>();
        for (String role : ROLES) {
            String token = idp.token("user-" + role, role.equals("platform-admin") ? "platform-admin" : "team:" + role);
            for (Operation op : operations) {
                int status = call(op, token).statusCode();
                boolean expected = allowed(MATRIX.get(op.id()), role);
                if (status == 401 || expected == (status == 403)) {
                    wrong.add(role + " " + op.method() + " " + op.path() + " (" + op.id() + "): " + status
                            + (expected ? ", expected to pass authorization" : ", expected 403"));
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** The OpenAI-compatible route is not in the OpenAPI document (OpenAI's is its contract): its rules are walked here. */
    @Test
    void theOpenAiRouteHasARuleForEveryOperationAndHoldsItForEveryRole() {
        TestIdentityProvider idp = TestIdentityProviderResource.provider();
        assertEquals(java.util.Set.of("GET /openai/v1/models", "POST /openai/v1/chat/completions",
                "POST /openai/v1/completions", "POST /openai/v1/embeddings"), io.fmp.gateway.serving.OpenAiRoute.RULES.keySet());
        List<String> wrong = new ArrayList<>();
        for (String role : ROLES) {
            String token = idp.token("user-" + role, role.equals("platform-admin") ? "platform-admin" : "team:" + role);
            io.fmp.gateway.serving.OpenAiRoute.RULES.forEach((operation, needed) -> {
                String[] methodAndPath = operation.split(" ");
                Response anonymous = given().contentType("application/json").body("{}")
                        .request(methodAndPath[0], methodAndPath[1]);
                Response answer = given().header("Authorization", "Bearer " + token).contentType("application/json")
                        .body("{}").request(methodAndPath[0], methodAndPath[1]);
                boolean expected = allowed(io.fmp.gateway.validation.ApiEnums.word(needed), role);
                if (anonymous.statusCode() != 401 || answer.statusCode() == 401 || expected == (answer.statusCode() == 403)) {
                    wrong.add(role + " " + operation + ": " + answer.statusCode() + " (anonymous "
                            + anonymous.statusCode() + ")");
                }
                if (answer.statusCode() >= 400) {
                    // OpenAI's error shape, so the SDKs raise their own errors
                    assertTrue(answer.jsonPath().getString("error.message") != null, operation + ": " + answer.asString());
                }
            });
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void anonymousCallsGet401WithAChallengeOnEveryOperation() throws Exception {
        for (Operation op : operations()) {
            Response answer = call(op, null);
            assertEquals(401, answer.statusCode(), op.id());
            assertEquals("Bearer realm=\"fmp\"", answer.header("WWW-Authenticate"), op.id());
            assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE), op.id());
        }
    }

    @Test
    void tokensThatAreTamperedExpiredForeignOrUnsignedAreRefused() {
        TestIdentityProvider idp = TestIdentityProviderResource.provider();
        String good = idp.token("alice", "team:viewer");
        given().header("Authorization", "Bearer " + good).get("/api/v1/suites").then().statusCode(503);
        Map<String, String> refused = Map.of(
                "another key", idp.tokenSignedByAnotherKey("alice", "team:viewer"),
                "unsigned", idp.unsignedToken("alice", "platform-admin"),
                "expired", idp.expiredToken("alice", "team:viewer"),
                "another audience", idp.tokenForAudience("other-app", "alice", "team:viewer"),
                "another issuer", idp.tokenFromIssuer("https://evil.example", "alice", "team:viewer"),
                "tampered payload", tamper(good),
                "not a token", "definitely-not-a-token");
        refused.forEach((what, token) -> {
            Response answer = given().header("Authorization", "Bearer " + token).get("/api/v1/suites");
            assertEquals(401, answer.statusCode(), what + ": " + answer.asString());
            assertEquals("Bearer realm=\"fmp\"", answer.header("WWW-Authenticate"), what);
        });
    }

    @Test
    void aTokenHolderWithSeveralProjectsNamesTheOneARequestActsIn() {
        TestIdentityProvider idp = TestIdentityProviderResource.provider();
        String token = idp.token("bob", "alpha:viewer", "beta:contributor");
        // in beta Bob contributes, in alpha he only reads; without a project he acts in none
        String run = "{\"suite\": \"s\", \"modelId\": \"m\"}";
        given().header("Authorization", "Bearer " + token).header(AccessControl.PROJECT_HEADER, "beta")
                .contentType("application/json").body(run).post("/api/v1/runs").then().statusCode(503);
        given().header("Authorization", "Bearer " + token).header(AccessControl.PROJECT_HEADER, "alpha")
                .contentType("application/json").body(run).post("/api/v1/runs").then().statusCode(403);
        Response none = given().header("Authorization", "Bearer " + token).get("/api/v1/suites");
        assertEquals(403, none.statusCode());
        assertTrue(none.jsonPath().getString("detail").contains("name one in the FMP-Project header"), none.asString());
    }

    /** The same header and signature over a payload with one role more. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"team:viewer\"", "\"platform-admin\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
