package io.fmp.gateway.serving;

import io.fmp.contracts.guardrails.GuardrailPolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A deployment's guardrails on requests and answers as the OpenAI wire format carries them. */
class GuardrailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void redactionMasksPersonalDataInEveryMessageAndPromptAndLeavesTheRestAlone() throws Exception {
        ObjectNode chat = json("""
                {"model": "m", "messages": [
                  {"role": "system", "content": "You route bank messages."},
                  {"role": "user", "content": "Mail me at alice@example.com or call +44 20 7946 0958"},
                  {"role": "user", "content": [{"type": "text", "text": "card 4111 1111 1111 1111"}]}]}""");
        Guardrails.Verdict verdict = Guardrails.request(chat, new GuardrailPolicy("redact", false));
        assertNull(verdict.blocked());
        assertEquals(3, verdict.redactions());
        assertEquals("You route bank messages.", chat.at("/messages/0/content").asText());
        assertEquals("Mail me at ***************om or call **************58", chat.at("/messages/1/content").asText());
        assertEquals("card *****************11", chat.at("/messages/2/content/0/text").asText());

        ObjectNode embeddings = json("{\"model\": \"m\", \"input\": [\"no personal data\", \"bob@example.org\"]}");
        assertEquals(1, Guardrails.request(embeddings, new GuardrailPolicy("redact", false)).redactions());
        assertEquals("no personal data", embeddings.at("/input/0").asText());
        assertEquals("*************rg", embeddings.at("/input/1").asText());
    }

    @Test
    void blockingNamesWhatWasFoundAndChangesNothing() throws Exception {
        ObjectNode completion = json("{\"model\": \"m\", \"prompt\": \"IBAN GB82 WEST 1234 5698 7654 32 please\"}");
        Guardrails.Verdict verdict = Guardrails.request(completion, new GuardrailPolicy("block", false));
        assertEquals("the request holds personal data (iban)", verdict.blocked());
        assertEquals("IBAN GB82 WEST 1234 5698 7654 32 please", completion.get("prompt").asText());
        // a date is not a phone number
        assertNull(Guardrails.request(json("{\"prompt\": \"see you on 2026-12-07\"}"),
                new GuardrailPolicy("block", false)).blocked());
        assertNull(Guardrails.request(json("{\"prompt\": \"alice@example.com\"}"), GuardrailPolicy.OFF).blocked(),
                "off checks nothing");
    }

    @Test
    void answersAreCheckedWholeForPersonalDataAndToxicity() throws Exception {
        ObjectNode answer = json("""
                {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Write to carol@example.net"}}],
                 "usage": {"prompt_tokens": 3, "completion_tokens": 3}}""");
        assertEquals(1, Guardrails.answer(answer, new GuardrailPolicy("redact", false)).redactions());
        assertEquals("Write to ***************et", answer.at("/choices/0/message/content").asText());
        ObjectNode text = json("{\"choices\": [{\"index\": 0, \"text\": \"you are an idiot\"}]}");
        assertEquals("the answer holds terms of the toxicity lexicon (1)",
                Guardrails.answer(text, new GuardrailPolicy("off", true)).blocked());
        List<String> texts = new ArrayList<>(List.of("where is my card", "call +44 20 7946 0958"));
        assertEquals(1, Guardrails.texts(texts, new GuardrailPolicy("redact", false)).redactions());
        assertEquals("where is my card", texts.get(0));
        assertEquals("call **************58", texts.get(1));
    }
}
