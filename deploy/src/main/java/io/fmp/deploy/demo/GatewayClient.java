package io.fmp.deploy.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The gateway's REST API as the demo (and the tuning benchmark) use it: JSON in, JSON out, every status kept. */
public final class GatewayClient {

    public record Answer(int status, Json.Node body) {

        public boolean ok() {
            return status / 100 == 2;
        }

        /** The problem's detail and field errors, for a message. */
        public String problem() {
            StringBuilder text = new StringBuilder("HTTP " + status);
            if (!body.get("detail").isNull()) {
                text.append(": ").append(body.get("detail").text());
            }
            for (Json.Node error : body.get("errors").list()) {
                text.append("; ").append(error.get("field").text()).append(' ').append(error.get("message").text());
            }
            return text.toString();
        }
    }

    private static final Duration UNAVAILABLE_PATIENCE = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public GatewayClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public static String encode(String queryValue) {
        return URLEncoder.encode(queryValue, StandardCharsets.UTF_8);
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** @param idempotencyKey null for none */
    public Answer post(String path, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** The answer, or an exception naming what failed; an error status is an answer, not an exception. */
    public Answer ok(Answer answer, String what) {
        if (!answer.ok()) {
            throw new DemoFailure(what + " failed: " + answer.problem());
        }
        return answer;
    }

    /**
     * Sends the request; a 503 (a service behind the gateway restarting) is asked again after its
     * Retry-After, for up to two minutes.
     */
    private Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(60)).header("Accept", "application/json").build();
        long deadline = System.nanoTime() + UNAVAILABLE_PATIENCE.toNanos();
        try {
            while (true) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 503 && System.nanoTime() < deadline) {
                    long wait = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(2L);
                    Thread.sleep(Duration.ofSeconds(Math.max(1, Math.min(wait, 10))).toMillis());
                    continue;
                }
                String body = response.body();
                return new Answer(response.statusCode(), body == null || body.isBlank() ? new Json.Node(null)
                        : Json.parse(body));
            }
        } catch (IOException e) {
            throw new DemoFailure("the gateway at " + baseUrl + " did not answer (" + e.getMessage()
                    + "); is the platform up (./fmp up)?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }
}
