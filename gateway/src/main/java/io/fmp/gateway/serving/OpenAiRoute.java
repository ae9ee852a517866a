package io.fmp.gateway.serving;

import io.fmp.contracts.guardrails.GuardrailPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fmp.contracts.serving.v1.EmbedRequest;
import io.fmp.contracts.serving.v1.EmbedResponse;
import io.fmp.contracts.serving.v1.Embedding;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.downstream.DownstreamUnavailableException;
import io.fmp.gateway.downstream.ServingClient;
import io.fmp.gateway.limits.CallerRateLimits;
import io.fmp.gateway.security.AccessControl;
import io.fmp.gateway.security.Authenticator;
import io.fmp.gateway.security.Caller;
import io.fmp.gateway.security.CallerTokens;
import io.fmp.gateway.security.NotAuthenticatedException;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.grpc.StatusRuntimeException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One OpenAI-compatible route in front of every deployment: {@code /openai/v1/chat/completions},
 * {@code /completions}, {@code /embeddings} and {@code /models}, in OpenAI's wire format (errors included), so the
 * official SDKs work unchanged with a project's API key. A model name is a deployment of the caller's project (or
 * the shared one), {@code name@adapter} one of its LoRA adapters; only ready deployments answer, a drained one
 * (its approval revoked) is refused. Streams pass through as they arrive; usage is metered per project, deployment
 * and key; a 5xx or a timeout before the answer starts goes to the deployment's fallback. Runs on the event loop
 * alone: no worker thread, no buffering of streams.
 */
@ApplicationScoped
public class OpenAiRoute {

    private static final Logger LOG = Logger.getLogger(OpenAiRoute.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String PREFIX = "/openai/v1";
    /** The role each operation needs in the caller's project; the access-matrix test walks them with the REST API's. */
    public static final Map<String, Role> RULES = Map.of(
            "GET " + PREFIX + "/models", Role.VIEWER,
            "POST " + PREFIX + "/chat/completions", Role.VIEWER,
            "POST " + PREFIX + "/completions", Role.VIEWER,
            "POST " + PREFIX + "/embeddings", Role.VIEWER);
    /** The response header naming the deployment that answered (the fallback's when it did). */
    public static final String DEPLOYMENT_HEADER = "FMP-Deployment";
    /** When a call's body had arrived (System.nanoTime), for the time to its first token. */
    private static final String ARRIVED = "fmp.arrived";

    @Inject
    Authenticator authenticator;

    @Inject
    CallerRateLimits rateLimits;

    @Inject
    DeploymentDirectory directory;

    @Inject
    UpstreamAccess access;

    @Inject
    UsageMeter meter;

    @Inject
    InputSampler sampler;

    @Inject
    ServingMetrics metrics;

    @Inject
    ServingClient serving;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    private HttpClient http;
    private io.fmp.gateway.limits.RateLimits tokenLimits;

    void routes(@Observes Router router) {
        GatewayConfig.Serving s = config.serving();
        http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(s.connectionsPerEndpoint())
                .setConnectTimeout((int) s.connectTimeout().toMillis()).setKeepAlive(true).setTcpNoDelay(true)
                .setMaxWaitQueueSize(10_000));
        tokenLimits = io.fmp.gateway.limits.RateLimits.local();
        BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxJsonBytes());
        router.get(PREFIX + "/models").handler(ctx -> authenticate(ctx, "GET", "/models"));
        for (String path : List.of("/chat/completions", "/completions", "/embeddings")) {
            router.post(PREFIX + path).handler(body).handler(ctx -> {
                ctx.put(ARRIVED, System.nanoTime());
                authenticate(ctx, "POST", path);
            });
        }
        router.route(PREFIX + "/*").handler(ctx -> OpenAiErrors.send(ctx.response(), 404, "Unknown request URL: "
                + ctx.request().method() + " " + ctx.request().path() + ". This gateway serves /models,"
                + " /chat/completions, /completions and /embeddings.", "invalid_request_error", null, "unknown_url"));
    }

    private void authenticate(RoutingContext ctx, String method, String path) {
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION),
                ctx.request().getHeader(AccessControl.PROJECT_HEADER)).subscribe().with(
                caller -> authorize(ctx, method, path, caller),
                error -> {
                    if (error instanceof NotAuthenticatedException) {
                        OpenAiErrors.send(ctx.response(), 401, error.getMessage(), "invalid_request_error", null,
                                "invalid_api_key");
                    } else {
                        unavailable(ctx.response(), error);
                    }
                });
    }

    private void authorize(RoutingContext ctx, String method, String path, Caller caller) {
        Role needed = RULES.get(method + " " + PREFIX + path);
        if (!caller.may(needed)) {
            OpenAiErrors.send(ctx.response(), 403, "needs the role " + ApiEnums.word(needed) + " in the project the"
                    + " request acts in (" + (caller.project().isEmpty() ? "none: name one in the "
                    + AccessControl.PROJECT_HEADER + " header" : caller.project()) + ")", "permission_error", null,
                    "insufficient_permissions");
            return;
        }
        rateLimits.take(caller).subscribe().with(decision -> {
            if (decision != null && !decision.allowed()) {
                ctx.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()))
                        .putHeader("RateLimit-Limit", Long.toString(decision.limit()))
                        .putHeader("RateLimit-Remaining", "0")
                        .putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
                OpenAiErrors.send(ctx.response(), 429, "the rate limit of " + decision.limit() + " requests per"
                        + " minute for " + caller.subject() + " is used up; retry after " + decision.retryAfterSeconds()
                        + " s", "requests", null, "rate_limit_exceeded");
            } else if (path.equals("/models")) {
                models(ctx, caller);
            } else {
                invoke(ctx, path, caller);
            }
        }, error -> unavailable(ctx.response(), error));
    }

    private void models(RoutingContext ctx, Caller caller) {
        directory.ensureLoaded().subscribe().with(x -> {
            ObjectNode list = JSON.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            for (DeploymentDirectory.Route route : directory.visibleTo(caller.project())) {
                if (!route.state().equals("ready")) {
                    continue;
                }
                long created = route.deployment().getCreatedAt().getSeconds();
                data.addObject().put("id", route.name()).put("object", "model").put("created", created)
                        .put("owned_by", route.project());
                for (String adapter : route.deployment().getServedAdaptersList()) {
                    data.addObject().put("id", route.name() + "@" + adapter).put("object", "model")
                            .put("created", created).put("owned_by", route.project());
                }
            }
            ctx.response().putHeader("Content-Type", "application/json").end(list.toString());
        }, error -> unavailable(ctx.response(), error));
    }

    private void invoke(RoutingContext ctx, String path, Caller caller) {
        ObjectNode body;
        try {
            JsonNode parsed = JSON.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
            if (parsed == null || !parsed.isObject()) {
                throw new IOException("the body must be a JSON object");
            }
            body = (ObjectNode) parsed;
        } catch (IOException e) {
            OpenAiErrors.send(ctx.response(), 400, "We could not parse the JSON body of your request: "
                    + e.getMessage(), "invalid_request_error", null, "invalid_json");
            return;
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank() || model.asText().length() > 200) {
            OpenAiErrors.send(ctx.response(), 400, "you must provide a model parameter: a deployment's name, or"
                    + " name@adapter", "invalid_request_error", "model", "missing_model");
            return;
        }
        String[] nameAndAdapter = model.asText().split("@", 2);
        directory.find(caller.project(), nameAndAdapter[0]).subscribe().with(route -> {
            if (route == null || !route.state().equals("ready") && !route.state().equals("drained")) {
                OpenAiErrors.send(ctx.response(), route == null ? 404 : 503, route == null ? "The model `"
                        + model.asText() + "` does not exist or you do not have access to it." : "deployment "
                        + route.name() + " is " + route.state() + (route.deployment().getReason().isEmpty() ? ""
                        : " (" + route.deployment().getReason() + ")"), route == null ? "invalid_request_error"
                        : "service_unavailable", "model", route == null ? "model_not_found" : "deployment_not_ready");
                return;
            }
            if (route.state().equals("drained")) {
                meter.blocked(route.project(), route.name(), caller.subject(), "drained");
                OpenAiErrors.send(ctx.response(), 403, "deployment " + route.name() + " was drained: "
                        + route.deployment().getReason(), "permission_error", "model", "model_not_approved");
                return;
            }
            String adapter = nameAndAdapter.length == 2 ? nameAndAdapter[1] : null;
            if (adapter != null && !route.deployment().getServedAdaptersList().contains(adapter)) {
                OpenAiErrors.send(ctx.response(), 404, "The model `" + model.asText() + "` does not exist: "
                        + route.name() + " serves the adapters " + route.deployment().getServedAdaptersList(),
                        "invalid_request_error", "model", "model_not_found");
                return;
            }
            String overBudget = meter.overBudget(route.project());
            if (overBudget != null) {
                meter.blocked(route.project(), route.name(), caller.subject(), "budget");
                OpenAiErrors.send(ctx.response(), 429, overBudget + "; the budget renews on the first of the"
                        + " month (UTC)", "insufficient_quota", null, "insufficient_quota");
                return;
            }
            Guardrails.Verdict checked = Guardrails.request(body, Guardrails.of(route.deployment()));
            if (checked.blocked() != null) {
                meter.blocked(route.project(), route.name(), caller.subject(), "guardrails");
                OpenAiErrors.send(ctx.response(), 400, "blocked by deployment " + route.name() + "'s guardrails: "
                        + checked.blocked(), "invalid_request_error", null, "content_blocked");
                return;
            }
            sampler.offer(route.deployment(), () -> Guardrails.callerInputs(body));
            long estimatedPrompt = Math.max(1, ctx.body().length() / 4);
            int tpm = config.serving().tokensPerMinute();
            if (tpm > 0) {
                var taken = tokenLimits.take("tpm:" + caller.subject(), tpm, estimatedPrompt);
                if (!taken.allowed()) {
                    ctx.response().putHeader("Retry-After", Long.toString(taken.retryAfterSeconds()));
                    OpenAiErrors.send(ctx.response(), 429, "the limit of " + tpm + " tokens per minute for "
                            + caller.subject() + " is used up; retry after " + taken.retryAfterSeconds() + " s",
                            "tokens", null, "rate_limit_exceeded");
                    return;
                }
            }
            if (route.local()) {
                if (!path.equals("/embeddings")) {
                    OpenAiErrors.send(ctx.response(), 400, "deployment " + route.name() + " serves "
                            + route.deployment().getTask() + " in the platform; classify with POST /api/v1/deployments/"
                            + route.name() + "/classify", "invalid_request_error", "model", "unsupported_model");
                    return;
                }
                embedLocally(ctx, body, route, caller, estimatedPrompt);
                return;
            }
            forward(ctx, path, body, route, adapter, caller, estimatedPrompt, false);
        }, error -> unavailable(ctx.response(), error));
    }

    // ---- local: tuning-service's encoders, over gRPC ----

    private void embedLocally(RoutingContext ctx, ObjectNode body, DeploymentDirectory.Route route, Caller caller,
                              long estimatedPrompt) {
        JsonNode input = body.get("input");
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
        } else if (input != null && input.isArray()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    OpenAiErrors.send(ctx.response(), 400, "input must be a string or an array of strings (token"
                            + " arrays are not supported by local deployments)", "invalid_request_error", "input", null);
                    return;
                }
                texts.add(item.asText());
            }
        }
        String format = body.path("encoding_format").asText("float");
        if (texts.isEmpty() || !format.equals("float") && !format.equals("base64")) {
            OpenAiErrors.send(ctx.response(), 400, texts.isEmpty() ? "input must hold at least one string"
                    : "encoding_format must be float or base64", "invalid_request_error",
                    texts.isEmpty() ? "input" : "encoding_format", null);
            return;
        }
        io.grpc.Context.current().withValue(CallerTokens.CALLER, caller.principal()).run(() ->
                serving.embed(EmbedRequest.newBuilder().setDeployment(route.deployment().getId()).addAllTexts(texts)
                        .build()).subscribe().with(answer -> {
                    ctx.response().putHeader("Content-Type", "application/json")
                            .putHeader(DEPLOYMENT_HEADER, route.name())
                            .end(embeddings(answer, route.name(), format.equals("base64")));
                    firstToken(ctx, route);
                    meter.record(route.project(), route.name(), caller.subject(), answer.getTokens(), 0, false);
                    charge(caller, answer.getTokens(), estimatedPrompt);
                }, error -> {
                    if (error instanceof StatusRuntimeException e && e.getStatus().getCode()
                            == io.grpc.Status.Code.INVALID_ARGUMENT) {
                        OpenAiErrors.send(ctx.response(), 400, e.getStatus().getDescription(),
                                "invalid_request_error", "input", null);
                    } else {
                        unavailable(ctx.response(), error);
                    }
                }));
    }

    static String embeddings(EmbedResponse answer, String model, boolean base64) {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (int i = 0; i < answer.getEmbeddingsCount(); i++) {
            Embedding e = answer.getEmbeddings(i);
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                // OpenAI's base64 form: the float32 values, little-endian
                ByteBuffer bytes = ByteBuffer.allocate(e.getValuesCount() * 4).order(ByteOrder.LITTLE_ENDIAN);
                e.getValuesList().forEach(bytes::putFloat);
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                e.getValuesList().forEach(values::add);
            }
        }
        list.put("model", model);
        list.putObject("usage").put("prompt_tokens", answer.getTokens()).put("total_tokens", answer.getTokens());
        return list.toString();
    }

    // ---- kubernetes and external: an OpenAI-compatible endpoint, over HTTP ----

    private void forward(RoutingContext ctx, String path, ObjectNode body, DeploymentDirectory.Route route,
                         String adapter, Caller caller, long estimatedPrompt, boolean fallingBack) {
        var d = route.deployment();
        boolean canary = !d.getCanaryEndpoint().isEmpty() && ThreadLocalRandom.current().nextInt(100)
                < d.getSpec().getTraffic().getCanaryPercent();
        String endpoint = canary ? d.getCanaryEndpoint() : d.getEndpoint();
        body.put("model", adapter != null ? adapter : d.getServedModel());
        boolean stream = body.path("stream").asBoolean(false);
        if (stream && !body.has("stream_options")) {
            // the last event then carries the usage, which the meter counts (the SDKs ignore its empty choices)
            body.putObject("stream_options").put("include_usage", true);
        }
        byte[] payload = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        access.target(endpoint, d.getSpec().hasExternal() ? d.getSpec().getExternal().getSecretRef() : null)
                .subscribe().with(target -> send(ctx, path, payload, body, route, target, caller, estimatedPrompt,
                        stream, fallingBack), error -> OpenAiErrors.send(ctx.response(), 502, "the gateway may not call"
                        + " deployment " + route.name() + "'s endpoint: " + error.getMessage(), "api_error", null,
                        "upstream_refused"));
    }

    private void send(RoutingContext ctx, String path, byte[] payload, ObjectNode body, DeploymentDirectory.Route route,
                      UpstreamAccess.Target target, Caller caller, long estimatedPrompt, boolean stream,
                      boolean fallingBack) {
        boolean https = "https".equals(target.base().getScheme());
        int port = target.address().getPort();
        String basePath = target.base().getRawPath() == null ? "" : target.base().getRawPath().replaceAll("/+$", "");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, target.address().getAddress().getHostAddress()))
                .setHost(target.base().getHost()).setPort(port).setSsl(https).setURI(basePath + path)
                .setIdleTimeout(config.serving().firstByteTimeout().toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, stream ? "text/event-stream" : "application/json");
        String credential;
        try {
            credential = target.credential().get();
        } catch (IllegalStateException e) {
            OpenAiErrors.send(ctx.response(), 502, e.getMessage(), "api_error", null, "upstream_credential");
            return;
        }
        if (credential != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + credential);
        }
        http.request(options).compose(request -> request.send(Buffer.buffer(payload))).onComplete(result -> {
            if (result.failed() || result.result().statusCode() >= 500) {
                String why = result.failed() ? result.cause().toString() : "HTTP " + result.result().statusCode();
                fallBack(ctx, path, body, route, caller, estimatedPrompt, fallingBack, why, result.succeeded()
                        ? result.result() : null);
                return;
            }
            relay(ctx, result.result(), route, caller, estimatedPrompt);
        });
    }

    private void fallBack(RoutingContext ctx, String path, ObjectNode body, DeploymentDirectory.Route route,
                          Caller caller, long estimatedPrompt, boolean fallingBack, String why,
                          HttpClientResponse failed) {
        String fallback = route.deployment().getSpec().getFallback();
        if (fallingBack || fallback.isEmpty()) {
            if (failed != null) {
                // the endpoint's own error answer goes to the client, metered there as a failed call
                relay(ctx, failed, route, caller, estimatedPrompt);
            } else {
                meter.record(route.project(), route.name(), caller.subject(), 0, 0, true);
                OpenAiErrors.send(ctx.response(), why.contains("Timeout") || why.contains("timeout") ? 504 : 502,
                        "deployment " + route.name() + " did not answer: " + why, "api_error", null, "upstream_error");
            }
            return;
        }
        LOG.debugf("Deployment %s failed (%s): falling back to %s", route.name(), why, fallback);
        if (failed != null) {
            // read and dropped, so its connection goes back to the pool
            failed.body();
        }
        meter.record(route.project(), route.name(), caller.subject(), 0, 0, true);
        directory.find(route.project(), fallback).subscribe().with(next -> {
            if (next == null || !next.state().equals("ready") || next.local()) {
                OpenAiErrors.send(ctx.response(), 502, "deployment " + route.name() + " did not answer (" + why
                        + ") and its fallback " + fallback + " is not ready", "api_error", null, "upstream_error");
                return;
            }
            forward(ctx, path, body, next, null, caller, estimatedPrompt, true);
        }, error -> unavailable(ctx.response(), error));
    }

    private void firstToken(RoutingContext ctx, DeploymentDirectory.Route route) {
        Long arrived = ctx.get(ARRIVED);
        if (arrived != null) {
            metrics.firstToken(route.project(), route.name(), java.time.Duration.ofNanos(System.nanoTime() - arrived));
        }
    }

    /** The answer as it arrives: a stream chunk by chunk (never buffered), a plain answer whole. */
    private void relay(RoutingContext ctx, HttpClientResponse upstream, DeploymentDirectory.Route route, Caller caller,
                       long estimatedPrompt) {
        HttpServerResponse response = ctx.response().setStatusCode(upstream.statusCode())
                .putHeader(DEPLOYMENT_HEADER, route.name());
        String type = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, type);
        }
        boolean error = upstream.statusCode() >= 400;
        if (type != null && type.startsWith("text/event-stream")) {
            response.setChunked(true).putHeader("Cache-Control", "no-cache");
            StreamUsage usage = new StreamUsage();
            boolean[] first = {true};
            upstream.handler(chunk -> {
                if (first[0]) {
                    first[0] = false;
                    firstToken(ctx, route);
                }
                usage.feed(chunk);
                response.write(chunk);
                if (response.writeQueueFull()) {
                    upstream.pause();
                    response.drainHandler(v -> upstream.resume());
                }
            });
            upstream.exceptionHandler(e -> response.reset());
            response.closeHandler(v -> upstream.request().reset());
            upstream.endHandler(v -> {
                response.end();
                meter.record(route.project(), route.name(), caller.subject(), usage.prompt(), usage.completion(), error);
                charge(caller, usage.prompt() + usage.completion(), estimatedPrompt);
            });
            return;
        }
        upstream.body().onComplete(read -> {
            if (read.failed()) {
                response.reset();
                return;
            }
            Buffer answer = read.result();
            firstToken(ctx, route);
            long prompt = 0;
            long completion = 0;
            if (!error) {
                try {
                    JsonNode parsed = JSON.readTree(answer.getBytes());
                    JsonNode used = parsed.path("usage");
                    prompt = used.path("prompt_tokens").asLong(0);
                    completion = used.path("completion_tokens").asLong(0);
                    GuardrailPolicy rules = Guardrails.of(route.deployment());
                    if (!rules.off() && parsed instanceof ObjectNode whole) {
                        Guardrails.Verdict checked = Guardrails.answer(whole, rules);
                        if (checked.blocked() != null) {
                            meter.blocked(route.project(), route.name(), caller.subject(), "guardrails");
                            meter.record(route.project(), route.name(), caller.subject(), prompt, completion, false);
                            OpenAiErrors.send(response, 400, "the answer was withheld by deployment "
                                    + route.name() + "'s guardrails: " + checked.blocked(), "invalid_request_error", null,
                                    "content_blocked");
                            return;
                        }
                        if (checked.redactions() > 0) {
                            answer = Buffer.buffer(whole.toString());
                        }
                    }
                } catch (IOException e) {
                    LOG.debugf("Deployment %s answered no JSON usage", route.name());
                }
            }
            response.end(answer);
            meter.record(route.project(), route.name(), caller.subject(), prompt, completion, error);
            charge(caller, prompt + completion, estimatedPrompt);
        });
    }

    private void charge(Caller caller, long used, long estimatedPrompt) {
        int tpm = config.serving().tokensPerMinute();
        if (tpm > 0) {
            tokenLimits.charge("tpm:" + caller.subject(), tpm, used - estimatedPrompt);
        }
    }

    private static void unavailable(HttpServerResponse response, Throwable error) {
        if (error instanceof DownstreamUnavailableException || error instanceof StatusRuntimeException) {
            response.putHeader("Retry-After", "5");
            OpenAiErrors.send(response, 503, "the platform could not answer now (" + error.getMessage() + ");"
                    + " retry shortly", "service_unavailable", null, "service_unavailable");
            return;
        }
        LOG.warnf(error, "OpenAI route failed");
        OpenAiErrors.send(response, 500, "the gateway failed: " + error.getClass().getSimpleName(), "api_error",
                null, null);
    }
}
