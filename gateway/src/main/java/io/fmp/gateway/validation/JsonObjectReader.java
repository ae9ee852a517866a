package io.fmp.gateway.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON request body field by field and collects every problem (malformed JSON, unknown,
 * missing or wrongly typed fields) so the caller hears about all of them in one response.
 */
public final class JsonObjectReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode object;
    private final List<FieldViolation> violations = new ArrayList<>();

    private JsonObjectReader(JsonNode object) {
        this.object = object;
    }

    /** Parses the body; malformed JSON or a non-object fails at once, unknown fields are collected. */
    public static JsonObjectReader parse(String body, Set<String> knownFields) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidInputException("body", "is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object, was " + node.getNodeType().name().toLowerCase());
        }
        JsonObjectReader reader = new JsonObjectReader(node);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!knownFields.contains(name)) {
                reader.violations.add(new FieldViolation(name, "is not a known field"));
            }
        }
        return reader;
    }

    public String requiredString(String field) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            return wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    public Long requiredLong(String field) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return wrongType(field, "an integer", value);
        }
        return value.longValue();
    }

    public Integer requiredInt(String field) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            return wrongType(field, "an integer between -2147483648 and 2147483647", value);
        }
        return value.intValue();
    }

    public List<String> requiredStringList(String field) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            return wrongType(field, "an array of strings", value);
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                wrongType(field + "[" + i + "]", "a string", value.get(i));
            } else {
                items.add(value.get(i).textValue());
            }
        }
        return items;
    }

    /** Throws with every collected violation, if any. */
    public void requireValid() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private JsonNode required(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            violations.add(new FieldViolation(field, "is required"));
            return null;
        }
        return value;
    }

    private <T> T wrongType(String field, String expected, JsonNode actual) {
        violations.add(new FieldViolation(field, "must be " + expected + ", was " + describe(actual)));
        return null;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return node.getNodeType().name().toLowerCase() + " " + shown;
    }
}
