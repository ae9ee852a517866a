package io.fmp.gateway.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpServerResponse;

/**
 * Errors in OpenAI's shape ({@code {"error": {"message", "type", "param", "code"}}}), so the official SDKs raise
 * their own exception types (AuthenticationError, PermissionDeniedError, NotFoundError, RateLimitError...).
 */
final class OpenAiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {
    }

    static String body(String message, String type, String param, String code) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error").put("message", message).put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        return error.toString();
    }

    static void send(HttpServerResponse response, int status, String message, String type, String param, String code) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"fmp\"");
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body(message, type, param, code));
    }
}
