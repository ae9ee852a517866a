package io.fmp.gateway.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fmp.metrics.PiiDetector;
import io.fmp.metrics.ToxicityLexicon;

import io.fmp.contracts.guardrails.GuardrailPolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A deployment's guardrails on the texts of a call, with the metrics library's detectors (the ones evaluation scores
 * {@code pii_leakage} and {@code toxicity} with): personal data (e-mail addresses, phone numbers, IBANs and card
 * numbers whose checksums hold) redacted to its masked form or the call blocked; a toxicity-lexicon term blocks.
 * Applied to what is sent (chat messages, a prompt, embedding inputs, texts to classify) and to a whole answer
 * (choices' message content or text). Plain Java.
 */
public final class Guardrails {

    /** @param blocked why the call is refused (null: it may go on); redactions: values replaced */
    public record Verdict(String blocked, int redactions) {
    }

    private Guardrails() {
    }

    /** The texts of a request body, checked and (redact) rewritten in place. */
    public static Verdict request(ObjectNode body, GuardrailPolicy rules) {
        return check(textsOfRequest(body), rules, "the request");
    }

    /** The texts of a whole answer, checked and (redact) rewritten in place. */
    public static Verdict answer(ObjectNode body, GuardrailPolicy rules) {
        List<Text> texts = new ArrayList<>();
        for (JsonNode choice : body.path("choices")) {
            if (choice.path("message").path("content").isTextual()) {
                ObjectNode message = (ObjectNode) choice.get("message");
                texts.add(new Text(message.get("content").asText(), v -> message.put("content", v)));
            } else if (choice.path("text").isTextual()) {
                ObjectNode c = (ObjectNode) choice;
                texts.add(new Text(c.get("text").asText(), v -> c.put("text", v)));
            }
        }
        return check(texts, rules, "the answer");
    }

    /** Texts to classify, checked; redacted ones replaced in the list. */
    public static Verdict texts(List<String> values, GuardrailPolicy rules) {
        List<Text> texts = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            int index = i;
            texts.add(new Text(values.get(i), v -> values.set(index, v)));
        }
        return check(texts, rules, "the request");
    }

    /** A text of a call and how to write its redacted form back. */
    private record Text(String value, Consumer<String> replace) {
    }

    /**
     * What the caller asked in a request body (its users' messages, a prompt, embedding inputs), as the request's
     * guardrails left it: what input capture samples. System and assistant messages are the application's, not the
     * traffic's.
     */
    public static List<String> callerInputs(ObjectNode body) {
        return textsOfRequest(body, true).stream().map(Text::value).toList();
    }

    private static List<Text> textsOfRequest(ObjectNode body) {
        return textsOfRequest(body, false);
    }

    private static List<Text> textsOfRequest(ObjectNode body, boolean usersOnly) {
        List<Text> texts = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            if (usersOnly && message.has("role") && !"user".equals(message.path("role").asText())) {
                continue;
            }
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                texts.add(new Text(content.asText(), v -> ((ObjectNode) message).put("content", v)));
            } else if (content.isArray()) {
                // content parts: {"type": "text", "text": "..."}
                for (JsonNode part : content) {
                    if (part.path("text").isTextual()) {
                        texts.add(new Text(part.get("text").asText(), v -> ((ObjectNode) part).put("text", v)));
                    }
                }
            }
        }
        for (String field : List.of("prompt", "input")) {
            JsonNode value = body.get(field);
            if (value != null && value.isTextual()) {
                texts.add(new Text(value.asText(), v -> body.put(field, v)));
            } else if (value != null && value.isArray()) {
                ArrayNode array = (ArrayNode) value;
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isTextual()) {
                        int index = i;
                        texts.add(new Text(array.get(i).asText(), v -> array.set(index, TextNode.valueOf(v))));
                    }
                }
            }
        }
        return texts;
    }

    private static Verdict check(List<Text> texts, GuardrailPolicy rules, String where) {
        if (rules == null || rules.off()) {
            return new Verdict(null, 0);
        }
        Set<String> personal = new LinkedHashSet<>();
        Set<String> toxic = new LinkedHashSet<>();
        int redactions = 0;
        for (Text text : texts) {
            if (rules.blockToxicity()) {
                toxic.addAll(ToxicityLexicon.matches(text.value()));
            }
            if ("off".equals(rules.pii())) {
                continue;
            }
            List<PiiDetector.Finding> findings = PiiDetector.find(text.value());
            if (findings.isEmpty()) {
                continue;
            }
            findings.forEach(f -> personal.add(f.kind().name().toLowerCase(Locale.ROOT)));
            if ("redact".equals(rules.pii())) {
                StringBuilder redacted = new StringBuilder(text.value());
                // from the end, so earlier offsets stay valid
                for (int i = findings.size() - 1; i >= 0; i--) {
                    PiiDetector.Finding f = findings.get(i);
                    redacted.replace(f.start(), f.end(), f.masked());
                }
                text.replace().accept(redacted.toString());
                redactions += findings.size();
            }
        }
        if (!toxic.isEmpty()) {
            return new Verdict(where + " holds terms of the toxicity lexicon (" + toxic.size() + ")", redactions);
        }
        if ("block".equals(rules.pii()) && !personal.isEmpty()) {
            return new Verdict(where + " holds personal data (" + String.join(", ", personal) + ")", 0);
        }
        return new Verdict(null, redactions);
    }

    /** What the deployment's use cases and its own spec ask, as tuning-service resolved them. */
    static GuardrailPolicy of(io.fmp.contracts.serving.v1.Deployment deployment) {
        var g = deployment.getGuardrails();
        return new GuardrailPolicy(g.getPii(), g.getBlockToxicity());
    }
}
