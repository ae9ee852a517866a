package io.fmp.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local OpenAI-compatible server (chat and completions, plain or streamed as server-sent
 * events, with usage and token log-probabilities) whose answers and misbehaviour (status codes,
 * delays, dropped connections) each test scripts. It counts every request, per model and prompt,
 * and the most requests it had in flight.
 */
public final class OpenAiStubServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the JDK server writes headers and body apart: without TCP_NODELAY each answer waits ~40 ms for
        // the client's delayed ACK (read once, when the first server of the JVM starts)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

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
    public record Reply(int status, String content, long delayMillis, boolean drop, Map<String, String> headers) {

        public static Reply answer(String content) {
            return new Reply(200, content, 0, false, Map.of());
        }

        public static Reply status(int status) {
            return new Reply(status, "", 0, false, Map.of());
        }

        public static Reply dropConnection() {
            return new Reply(0, "", 0, true, Map.of());
        }

        public Reply after(long millis) {
            return new Reply(status, content, millis, drop, headers);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, content, delayMillis, drop, Map.copyOf(all));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Function<Request, Reply> behaviour;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private OpenAiStubServer(HttpServer server, ExecutorService executor, Function<Request, Reply> behaviour) {
        this.server = server;
        this.executor = executor;
        this.behaviour = behaviour;
    }

    /** Listens on a free port of 127.0.0.1 with {@code threads} handler threads. */
    public static OpenAiStubServer start(int threads, Function<Request, Reply> behaviour) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            server.setExecutor(executor);
            OpenAiStubServer stub = new OpenAiStubServer(server, executor, behaviour);
            server.createContext("/v1/chat/completions", stub::handle);
            server.createContext("/v1/completions", stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL a client appends {@code /chat/completions} to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
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

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            boolean chat = exchange.getRequestURI().getPath().endsWith("/chat/completions");
            String model = body.path("model").asText();
            String prompt = chat ? body.path("messages").path(0).path("content").asText() : body.path("prompt").asText();
            int attempt = calls.computeIfAbsent(model + "\u0000" + prompt, k -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            boolean logprobs = chat ? body.path("logprobs").asBoolean(false) : body.path("logprobs").isInt();
            boolean stream = body.path("stream").asBoolean(false);
            Reply reply = behaviour.apply(new Request(exchange.getRequestURI().getPath(), model, prompt, stream,
                    logprobs, exchange.getRequestHeaders().getFirst("Authorization"), attempt));
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            // the answer is decided: from here the client may already send its next request
            counted = false;
            inFlight.decrementAndGet();
            if (reply.drop()) {
                exchange.close();
                return;
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (reply.status() != 200) {
                send(exchange, reply.status(), "application/json", "{\"error\": {\"message\": \"scripted " + reply.status() + "\"}}");
            } else if (stream) {
                stream(exchange, chat, prompt, reply.content(), logprobs);
            } else {
                send(exchange, 200, "application/json", completion(chat, prompt, reply.content(), logprobs).toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
            exchange.close();
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

    /** One event per word, then the usage, then [DONE]. */
    private static void stream(HttpExchange exchange, boolean chat, String prompt, String content, boolean logprobs)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            List<String> words = tokens(content);
            for (int i = 0; i < words.size(); i++) {
                String piece = (i == 0 ? "" : " ") + words.get(i);
                ObjectNode chunk = JSON.createObjectNode();
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
                if (chat) {
                    choice.putObject("delta").put("content", piece);
                } else {
                    choice.put("text", piece);
                }
                if (logprobs) {
                    addLogprobs(choice, chat, List.of(words.get(i)));
                }
                out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            ObjectNode usage = JSON.createObjectNode();
            usage.putArray("choices");
            usage.putObject("usage").put("prompt_tokens", tokens(prompt).size()).put("completion_tokens", words.size());
            out.write(("data: " + usage + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
