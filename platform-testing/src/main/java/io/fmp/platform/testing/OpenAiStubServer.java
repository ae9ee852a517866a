package io.fmp.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local OpenAI-compatible server (chat and completions, plain or streamed as server-sent
 * events, with usage and token log-probabilities) whose answers and misbehaviour (status codes,
 * delays, dropped connections) each test scripts. It counts every request, per model and prompt,
 * and the most requests it had in flight. A Vert.x server: the scripted behaviour runs on worker
 * threads (it may block), answers are written from the event loop, delays are timers.
 */
public final class OpenAiStubServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** every answer token gets this log-probability, so perplexity is exp(0.5) */
    public static final double TOKEN_LOGPROB = -0.5;

    /** @param attempt 1 for the first request with this model and prompt, 2 for the next, ... */
    public record Request(String path, String model, String prompt, boolean stream, boolean logprobs,
                          String authorization, int attempt) {
    }

    /**
     * @param status  HTTP status; the content is sent only with 200
     * @param drop    close the connection without answering
     * @param headers e.g. Retry-After
     */
    /**
     * @param chunkMillis pause between the events of a streamed answer (0: all at once)
     */
    public record Reply(int status, String content, long delayMillis, boolean drop, Map<String, String> headers,
                        long chunkMillis) {

        public static Reply answer(String content) {
            return new Reply(200, content, 0, false, Map.of(), 0);
        }

        public static Reply status(int status) {
            return new Reply(status, "", 0, false, Map.of(), 0);
        }

        public static Reply dropConnection() {
            return new Reply(0, "", 0, true, Map.of(), 0);
        }

        public Reply after(long millis) {
            return new Reply(status, content, millis, drop, headers, chunkMillis);
        }

        /** A streamed answer's events {@code millis} apart. */
        public Reply streamedEvery(long millis) {
            return new Reply(status, content, delayMillis, drop, headers, millis);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, content, delayMillis, drop, Map.copyOf(all), chunkMillis);
        }
    }

    private final Vertx vertx;
    private final HttpServer server;
    private final WorkerExecutor behaviourThreads;
    private volatile Function<Request, Reply> behaviour;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private OpenAiStubServer(Vertx vertx, int threads, Function<Request, Reply> behaviour) {
        this.vertx = vertx;
        this.behaviour = behaviour;
        this.behaviourThreads = vertx.createSharedWorkerExecutor("openai-stub-behaviour", threads);
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setTcpNoDelay(true)).requestHandler(this::handle);
    }

    /** Listens on a free port of 127.0.0.1; {@code threads} scripted behaviours may run (and block) at once. */
    public static OpenAiStubServer start(int threads, Function<Request, Reply> behaviour) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        OpenAiStubServer stub = new OpenAiStubServer(vertx, threads, behaviour);
        try {
            stub.server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the stub server did not start", e);
        }
        return stub;
    }

    /** The base URL a client appends {@code /chat/completions} to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public void behave(Function<Request, Reply> newBehaviour) {
        this.behaviour = newBehaviour;
    }

    public int calls(String model, String prompt) {
        AtomicInteger count = calls.get(model + "\u0000" + prompt);
        return count == null ? 0 : count.get();
    }

    public int totalCalls() {
        return total.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpServerRequest http) {
        String path = http.path();
        if (!path.equals("/v1/chat/completions") && !path.equals("/v1/completions")) {
            http.response().setStatusCode(404).end();
            return;
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        String authorization = http.getHeader("Authorization");
        http.body().onSuccess(bytes -> behaviourThreads.<Object[]>executeBlocking(() -> {
            JsonNode body = JSON.readTree(bytes.getBytes());
            boolean chat = path.endsWith("/chat/completions");
            String model = body.path("model").asText();
            String prompt = chat ? body.path("messages").path(0).path("content").asText() : body.path("prompt").asText();
            int attempt = calls.computeIfAbsent(model + "\u0000" + prompt, k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            boolean logprobs = chat ? body.path("logprobs").asBoolean(false) : body.path("logprobs").isInt();
            boolean stream = body.path("stream").asBoolean(false);
            Reply reply = behaviour.apply(new Request(path, model, prompt, stream, logprobs, authorization, attempt));
            return new Object[]{reply, chat, prompt, stream, logprobs};
        }, false).onSuccess(decided -> {
            Reply reply = (Reply) decided[0];
            Runnable answer = () -> answer(http, reply, (Boolean) decided[1], (String) decided[2], (Boolean) decided[3],
                    (Boolean) decided[4]);
            if (reply.delayMillis() > 0) {
                vertx.setTimer(reply.delayMillis(), timer -> answer.run());
            } else {
                answer.run();
            }
        }).onFailure(error -> {
            inFlight.decrementAndGet();
            http.response().setStatusCode(500).end();
        }));
    }

    private void answer(HttpServerRequest http, Reply reply, boolean chat, String prompt, boolean stream,
                        boolean logprobs) {
        // the answer is decided: from here the client may already send its next request
        inFlight.decrementAndGet();
        if (reply.drop()) {
            http.connection().close();
            return;
        }
        HttpServerResponse response = http.response();
        reply.headers().forEach(response::putHeader);
        if (reply.status() != 200) {
            response.setStatusCode(reply.status()).putHeader("Content-Type", "application/json")
                    .end("{\"error\": {\"message\": \"scripted " + reply.status() + "\"}}");
        } else if (stream) {
            stream(response, chat, prompt, reply.content(), logprobs, reply.chunkMillis());
        } else {
            response.putHeader("Content-Type", "application/json")
                    .end(completion(chat, prompt, reply.content(), logprobs).toString());
        }
    }

    private static List<String> tokens(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static ObjectNode completion(boolean chat, String prompt, String content, boolean logprobs) {
        ObjectNode root = JSON.createObjectNode().put("id", "cmpl-stub").put("object", chat ? "chat.completion" : "text_completion");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", content);
        } else {
            choice.put("text", content);
        }
        if (logprobs) {
            addLogprobs(choice, chat, tokens(content));
        }
        root.putObject("usage").put("prompt_tokens", tokens(prompt).size()).put("completion_tokens", tokens(content).size())
                .put("total_tokens", tokens(prompt).size() + tokens(content).size());
        return root;
    }

    private static void addLogprobs(ObjectNode choice, boolean chat, List<String> tokens) {
        ObjectNode logprobs = choice.putObject("logprobs");
        if (chat) {
            ArrayNode content = logprobs.putArray("content");
            tokens.forEach(t -> content.addObject().put("token", t).put("logprob", TOKEN_LOGPROB));
        } else {
            ArrayNode values = logprobs.putArray("token_logprobs");
            ArrayNode names = logprobs.putArray("tokens");
            tokens.forEach(t -> {
                names.add(t);
                values.add(TOKEN_LOGPROB);
            });
        }
    }

    /** One event per word ({@code chunkMillis} apart), then the usage, then [DONE]. */
    private void stream(HttpServerResponse response, boolean chat, String prompt, String content, boolean logprobs,
                        long chunkMillis) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream");
        List<String> words = tokens(content);
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String piece = (i == 0 ? "" : " ") + words.get(i);
            ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-stub").put("object",
                    chat ? "chat.completion.chunk" : "text_completion").put("created", 0).put("model", "stub");
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            if (chat) {
                choice.putObject("delta").put("content", piece);
            } else {
                choice.put("text", piece);
            }
            if (logprobs) {
                addLogprobs(choice, chat, List.of(words.get(i)));
            }
            events.add("data: " + chunk + "\n\n");
        }
        ObjectNode usage = JSON.createObjectNode().put("id", "chatcmpl-stub").put("object",
                chat ? "chat.completion.chunk" : "text_completion").put("created", 0).put("model", "stub");
        usage.putArray("choices");
        usage.putObject("usage").put("prompt_tokens", tokens(prompt).size()).put("completion_tokens", words.size())
                .put("total_tokens", tokens(prompt).size() + words.size());
        events.add("data: " + usage + "\n\ndata: [DONE]\n\n");
        if (chunkMillis <= 0) {
            events.subList(0, events.size() - 1).forEach(e -> response.write(Buffer.buffer(e)));
            response.end(events.get(events.size() - 1));
            return;
        }
        writePaced(response, events, 0, chunkMillis);
    }

    private void writePaced(HttpServerResponse response, List<String> events, int next, long chunkMillis) {
        if (next == events.size() - 1) {
            response.end(events.get(next));
            return;
        }
        response.write(Buffer.buffer(events.get(next)));
        vertx.setTimer(chunkMillis, id -> writePaced(response, events, next + 1, chunkMillis));
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the stub server did not stop", e);
        }
    }
}
