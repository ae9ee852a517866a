package io.fmp.gateway.openapi;

import io.fmp.contracts.errors.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every operation of the public API has in common, stated once instead of on each: the error
 * contract (problem+json, with every bad field named), the answers the gateway itself gives (400 for
 * bad input, 413 for oversized bodies, 503 with Retry-After when a service is down), the trace id on
 * every response, the security of each operation, and the server. Operations state what is theirs
 * (404, 409, 412).
 */
public class ApiDocumentFilter implements OASFilter {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String TRACE = "#/components/headers/X-Trace-Id";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.setServers(List.of(OASFactory.createServer().url("/")
                .description("This gateway (the document is served by the gateway it describes)")));
        api.getComponents().addSchema("FieldViolation", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("One reason why an input was rejected")
                .addProperty("field", string("Path of the offending field, e.g. contextWindow, tasks[2], line[12].label"))
                .addProperty("message", string("Why it is wrong, phrased for the caller"))
                .required(List.of("field", "message")));
        api.getComponents().addSchema("Problem", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details: the body of every error")
                .addProperty("type", string("A URI naming the kind of problem; about:blank when the status says it all"))
                .addProperty("title", string("Short summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).format("int32"))
                .addProperty("detail", string("What went wrong this time"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("Every bad field, for 400 answers")
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldViolation")))
                .required(List.of("type", "title", "status")));
        api.getComponents().addSecurityScheme("bearer", OASFactory.createSecurityScheme()
                .type(org.eclipse.microprofile.openapi.models.security.SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key (fmp_<id>_<secret>, issued through /api/v1/api-keys; locally ./fmp admin-key) or "
                        + "a token of the configured identity provider. Requests act in the project of the key, or "
                        + "the one named in the FMP-Project header."));
        api.getComponents().addHeader("X-Trace-Id", OASFactory.createHeader()
                .description("The OpenTelemetry trace id of this request, for support and the audit trail")
                .schema(string(null)));
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            if (path.getKey().startsWith("/api/")) {
                path.getValue().getOperations().values().forEach(this::complete);
            }
        }
    }

    private void complete(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> p.getSchema() == null && p.getContent() == null)
                    .forEach(p -> p.setSchema(string(null)));
        }
        // every operation needs a bearer credential (AccessControl) and answers 401 / 403 like the rest
        operation.setSecurity(new ArrayList<>(List.of(OASFactory.createSecurityRequirement().addScheme("bearer"))));
        APIResponses responses = operation.getResponses();
        boolean takesInput = operation.getRequestBody() != null || (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() != Parameter.In.HEADER
                || !p.getName().equals("If-Match")));
        if (takesInput) {
            ensure(responses, "400", "Invalid input: every bad field named at once");
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent().getMediaTypes().keySet()
                .stream().anyMatch(type -> type.contains("json") || type.contains("yaml") || type.contains("markdown"))) {
            ensure(responses, "413", "The body is larger than the gateway reads whole (JSON: fmp.gateway.max-json-bytes, other documents: "
                    + "fmp.gateway.max-document-bytes); chunked bodies are counted as they arrive");
        }
        ensure(responses, "401", "No credential, or one that may not be used (unknown, expired, revoked, badly "
                + "signed)").addHeader("WWW-Authenticate", OASFactory.createHeader().description("Bearer realm=\"fmp\"")
                .schema(string(null)));
        ensure(responses, "403", "The caller's role in the project the request acts in does not allow this "
                + "operation, or the project is over a quota (named with its limit, its use and when it resets)");
        APIResponse tooMany = ensure(responses, "429", "The caller's request rate limit is used up (fmp.gateway.rate-limits, "
                + "or its API key's own)").addHeader("Retry-After", integerHeader("Seconds until a request is allowed again"));
        // the IETF draft's RateLimit header fields
        tooMany.addHeader("RateLimit-Limit", integerHeader("Requests the caller may make per minute"));
        tooMany.addHeader("RateLimit-Remaining", integerHeader("Requests left now (0)"));
        tooMany.addHeader("RateLimit-Reset", integerHeader("Seconds until the caller's whole limit is available again"));
        ensure(responses, "503", "A service behind the gateway is unavailable; retry after Retry-After seconds")
                .addHeader("Retry-After", integerHeader("Seconds to wait"));
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            APIResponse response = entry.getValue();
            if (entry.getKey().startsWith("4") || entry.getKey().startsWith("5")) {
                response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
            }
            Header trace = OASFactory.createHeader().ref(TRACE);
            if (response.getHeaders() == null || !response.getHeaders().containsKey("X-Trace-Id")) {
                response.addHeader("X-Trace-Id", trace);
            }
        }
    }

    private static APIResponse ensure(APIResponses responses, String code, String description) {
        APIResponse response = responses.getAPIResponse(code);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(code, response);
        } else if (response.getDescription() == null || response.getDescription().isBlank()
                || response.getDescription().equals("Bad Request")) {
            response.setDescription(description);
        }
        return response;
    }

    private static Schema string(String description) {
        Schema schema = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
        return description == null ? schema : schema.description(description);
    }

    /** A header holding a whole number (seconds, requests). */
    private static Header integerHeader(String description) {
        return OASFactory.createHeader().description(description).schema(integer());
    }

    private static Schema integer() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER));
    }

}
