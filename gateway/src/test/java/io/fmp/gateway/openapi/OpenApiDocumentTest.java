package io.fmp.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.platform.testing.RedoclyCli;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API's document as clients fetch it (/q/openapi on the gateway): Redocly's recommended
 * lint finds no error and no warning that redocly.yaml does not justify; every operation is named,
 * typed and answers its errors as problem+json; JSON bodies are described by their schemas, never as
 * bare strings. A regression fails the build.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static JsonNode document() throws IOException {
        String json = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        return new ObjectMapper().readTree(json);
    }

    @Test
    void redoclysRecommendedRulesFindNoErrorAndOnlyJustifiedWarnings() throws IOException {
        Path file = Files.createTempFile("openapi-", ".json");
        Files.writeString(file, given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        Path config = Path.of("redocly.yaml");
        Set<String> justified = new HashSet<>();
        for (String line : Files.readAllLines(config)) {
            if (line.matches("\\s+[a-z0-9-]+: warn\\s*")) {
                justified.add(line.trim().substring(0, line.trim().indexOf(':')));
            }
        }
        List<RedoclyCli.Problem> problems = RedoclyCli.lint(file, config);
        List<RedoclyCli.Problem> errors = problems.stream().filter(p -> p.severity().equals("error")).toList();
        List<RedoclyCli.Problem> unjustified = problems.stream()
                .filter(p -> p.severity().equals("warn") && !justified.contains(p.rule())).toList();
        assertEquals(List.of(), errors, "Redocly errors");
        assertEquals(List.of(), unjustified, "warnings redocly.yaml does not justify");
    }

    @Test
    void everyOperationIsNamedTypedAndAnswersErrorsAsProblems() throws IOException {
        JsonNode doc = document();
        List<String> problems = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        int operations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = op.getValue();
                String id = operation.path("operationId").asText();
                if (id.isEmpty() || !operationIds.add(id)) {
                    problems.add(where + ": no operationId, or one another operation has");
                }
                if (operation.path("summary").asText().isEmpty()) {
                    problems.add(where + ": no summary");
                }
                JsonNode body = operation.path("requestBody").path("content");
                for (Iterator<Map.Entry<String, JsonNode>> types = body.fields(); types.hasNext(); ) {
                    Map.Entry<String, JsonNode> type = types.next();
                    boolean json = type.getKey().equals("application/json") || type.getKey().endsWith("+json");
                    if (json && !type.getValue().path("schema").has("$ref")) {
                        problems.add(where + ": the " + type.getKey() + " body is not a described schema");
                    }
                }
                boolean success = false;
                for (Iterator<Map.Entry<String, JsonNode>> answers = operation.path("responses").fields();
                     answers.hasNext(); ) {
                    Map.Entry<String, JsonNode> answer = answers.next();
                    success |= answer.getKey().startsWith("2");
                    if ((answer.getKey().startsWith("4") || answer.getKey().startsWith("5"))
                            && !answer.getValue().path("content").path("application/problem+json").path("schema")
                            .path("$ref").asText().equals("#/components/schemas/Problem")) {
                        problems.add(where + ": answer " + answer.getKey() + " is not a problem+json Problem");
                    }
                }
                if (!success) {
                    problems.add(where + ": no 2xx answer");
                }
                if (!operation.has("security")) {
                    problems.add(where + ": security not stated");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(operations >= 35, "the API has " + operations + " operations");
        assertEquals(List.of("type", "title", "status"),
                new ObjectMapper().convertValue(doc.path("components").path("schemas").path("Problem").path("required"),
                        List.class));
    }

    @Test
    void bodiesAreTypedWithTheirFieldsRequiredFieldsAndEnumerations() throws IOException {
        JsonNode schemas = document().path("components").path("schemas");
        JsonNode card = schemas.path("ModelCardRequest");
        assertEquals("integer", card.path("properties").path("parameterCount").path("type").asText());
        assertEquals("int64", card.path("properties").path("parameterCount").path("format").asText());
        assertTrue(card.path("required").toString().contains("\"name\""), card.toString());
        assertEquals("[\"openai-chat\",\"openai-completions\",\"embedded-encoder\"]",
                schemas.path("EndpointProtocol").path("enum").toString());
        assertEquals("[\"classifier-head\",\"prompt-tuning\",\"lora\",\"qlora\",\"full\"]",
                schemas.path("TuningMethod").path("enum").toString());
        String instant = schemas.path("Run").path("properties").path("createdAt").path("$ref").asText();
        assertEquals("date-time", schemas.path(instant.substring(instant.lastIndexOf('/') + 1)).path("format").asText());
    }
}
