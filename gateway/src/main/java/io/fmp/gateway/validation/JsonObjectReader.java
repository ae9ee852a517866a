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
    /** Path of this object in the body ("" at the top, "workload." inside "workload"). */
    private final String prefix;
    /** Shared with nested readers, so one response names every bad field of the whole body. */
    private final List<FieldViolation> violations;

    private JsonObjectReader(JsonNode object, String prefix, List<FieldViolation> violations) {
        this.object = object;
        this.prefix = prefix;
        this.violations = violations;
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
        return new JsonObjectReader(node, "", new ArrayList<>()).rejectUnknown(knownFields);
    }

    private JsonObjectReader rejectUnknown(Set<String> knownFields) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!knownFields.contains(name)) {
                violations.add(new FieldViolation(prefix + name, "is not a known field"));
            }
        }
        return this;
    }

    /** A nested object; null (and a violation) when it is missing or not an object. */
    public JsonObjectReader requiredObject(String field, Set<String> knownFields) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            return wrongType(field, "an object", value);
        }
        return new JsonObjectReader(value, prefix + field + ".", violations).rejectUnknown(knownFields);
    }

    /** A nested object that may be absent (null then, without a violation). */
    public JsonObjectReader optionalObject(String field, Set<String> knownFields) {
        return present(field) ? requiredObject(field, knownFields) : null;
    }

    public Long optionalLong(String field) {
        return present(field) ? requiredLong(field) : null;
    }

    /** The names of the fields this object has, in order. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** An array of objects, each read with its position ({@code endpoints[2].url}); empty when absent. */
    public List<JsonObjectReader> optionalObjectList(String field, Set<String> knownFields) {
        if (!present(field)) {
            return List.of();
        }
        JsonNode value = object.get(field);
        if (!value.isArray()) {
            wrongType(field, "an array of objects", value);
            return List.of();
        }
        List<JsonObjectReader> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                wrongType(field + "[" + i + "]", "an object", value.get(i));
            } else {
                items.add(new JsonObjectReader(value.get(i), prefix + field + "[" + i + "].", violations)
                        .rejectUnknown(knownFields));
            }
        }
        return items;
    }

    /** An object of string values; empty when absent. */
    public java.util.Map<String, String> optionalStringMap(String field) {
        if (!present(field)) {
            return java.util.Map.of();
        }
        JsonNode value = object.get(field);
        if (!value.isObject()) {
            wrongType(field, "an object of strings", value);
            return java.util.Map.of();
        }
        java.util.Map<String, String> entries = new java.util.TreeMap<>();
        value.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                wrongType(field + "." + entry.getKey(), "a string", entry.getValue());
            } else {
                entries.put(entry.getKey(), entry.getValue().textValue());
            }
        });
        return entries;
    }

    /** The field names of a nested object, in order; empty when the field is not an object. */
    public List<String> fieldNamesOf(String field) {
        JsonNode value = object.get(field);
        List<String> names = new ArrayList<>();
        if (value != null && value.isObject()) {
            value.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** Whether the body has the field at all, null included (a merge patch's "clear this"). */
    public boolean has(String field) {
        return object.has(field);
    }

    public boolean present(String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    public Double requiredDouble(String field) {
        JsonNode value = required(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            return wrongType(field, "a number", value);
        }
        return value.doubleValue();
    }

    public Integer optionalInt(String field, int fallback) {
        return present(field) ? requiredInt(field) : Integer.valueOf(fallback);
    }

    public Double optionalDouble(String field) {
        return present(field) ? requiredDouble(field) : null;
    }

    public Integer optionalInteger(String field) {
        return present(field) ? requiredInt(field) : null;
    }

    public String optionalString(String field) {
        return present(field) ? requiredString(field) : null;
    }

    public boolean optionalBoolean(String field) {
        if (!present(field)) {
            return false;
        }
        JsonNode value = object.get(field);
        if (!value.isBoolean()) {
            wrongType(field, "true or false", value);
            return false;
        }
        return value.booleanValue();
    }

    /** A boolean that may be absent: null then, so "not given" differs from false. */
    public Boolean booleanIfPresent(String field) {
        return present(field) ? (Boolean) optionalBoolean(field) : null;
    }

    public List<String> optionalStringList(String field) {
        return present(field) ? requiredStringList(field) : List.of();
    }

    /** One of the allowed words (case-insensitive); null with a violation for anything else. */
    public <E> E optionalEnum(String field, java.util.Map<String, E> allowed) {
        String value = optionalString(field);
        if (value == null) {
            return null;
        }
        E parsed = allowed.get(value.toLowerCase(java.util.Locale.ROOT));
        if (parsed == null) {
            reject(field, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed.keySet()))
                    + ", was " + value);
        }
        return parsed;
    }

    /** Each entry of a string array mapped through the allowed words; unknown entries are named. */
    public <E> List<E> optionalEnumList(String field, java.util.Map<String, E> allowed) {
        List<String> values = optionalStringList(field);
        List<E> parsed = new ArrayList<>();
        for (int i = 0; values != null && i < values.size(); i++) {
            E item = allowed.get(values.get(i).toLowerCase(java.util.Locale.ROOT));
            if (item == null) {
                reject(field + "[" + i + "]", "must be one of " + String.join(", ",
                        new java.util.TreeSet<>(allowed.keySet())) + ", was " + values.get(i));
            } else {
                parsed.add(item);
            }
        }
        return parsed;
    }

    /** Adds a violation that concerns more than one field, e.g. mutually exclusive ones. */
    public void reject(String field, String message) {
        violations.add(new FieldViolation(prefix + field, message));
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
            violations.add(new FieldViolation(prefix + field, "is required"));
            return null;
        }
        return value;
    }

    private <T> T wrongType(String field, String expected, JsonNode actual) {
        violations.add(new FieldViolation(prefix + field, "must be " + expected + ", was " + describe(actual)));
        return null;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return node.getNodeType().name().toLowerCase() + " " + shown;
    }
}
