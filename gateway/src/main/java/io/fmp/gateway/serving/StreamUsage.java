package io.fmp.gateway.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the usage out of a server-sent-event stream as it passes (the event whose {@code usage} names prompt and
 * completion tokens, as OpenAI and vLLM send last with {@code stream_options.include_usage}); the stream itself is
 * forwarded untouched. Only lines that mention usage are parsed; a partial line waits for its end, bounded.
 */
final class StreamUsage {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_LINE = 1 << 16;

    private final StringBuilder line = new StringBuilder();
    private long prompt;
    private long completion;

    void feed(Buffer chunk) {
        String text = chunk.toString(StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line.append(text, start, i);
                consume();
                start = i + 1;
            }
        }
        if (line.length() + text.length() - start <= MAX_LINE) {
            line.append(text, start, text.length());
        } else {
            line.setLength(0);
        }
    }

    private void consume() {
        if (line.indexOf("\"usage\"") >= 0 && line.indexOf("data:") == 0) {
            try {
                JsonNode usage = JSON.readTree(line.substring(5).trim()).path("usage");
                if (usage.has("prompt_tokens")) {
                    prompt = usage.path("prompt_tokens").asLong(0);
                    completion = usage.path("completion_tokens").asLong(0);
                }
            } catch (IOException e) {
                // not an event this meter reads; the client gets it as it came
            }
        }
        line.setLength(0);
    }

    long prompt() {
        return prompt;
    }

    long completion() {
        return completion;
    }
}
