package io.fmp.gateway.validation;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import jakarta.ws.rs.core.UriInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads query parameters with checked types and ranges, collecting every problem (unknown names
 * included) so a client hears about all of them in one 400.
 */
public final class QueryReader {

    private final Map<String, String> parameters = new TreeMap<>();
    private final List<FieldViolation> violations = new ArrayList<>();

    private QueryReader(UriInfo uri, Set<String> known) {
        uri.getQueryParameters().forEach((name, values) -> {
            if (!known.contains(name)) {
                violations.add(new FieldViolation(name, "is not a known query parameter"));
            } else {
                parameters.put(name, values.get(values.size() - 1));
            }
        });
    }

    public static QueryReader of(UriInfo uri, Set<String> known) {
        return new QueryReader(uri, known);
    }

    public String string(String name, String fallback) {
        return parameters.getOrDefault(name, fallback);
    }

    /** A whole number in [min, max]; the fallback when absent. */
    public int integer(String name, int fallback, int min, int max) {
        String value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        violations.add(new FieldViolation(name, "must be a whole number from " + min + " to " + max + ", was " + value));
        return fallback;
    }

    public long longInteger(String name, long fallback) {
        String value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            violations.add(new FieldViolation(name, "must be a whole number, was " + value));
            return fallback;
        }
    }

    public boolean bool(String name) {
        String value = parameters.get(name);
        if (value == null) {
            return false;
        }
        if (!value.equals("true") && !value.equals("false")) {
            violations.add(new FieldViolation(name, "must be true or false, was " + value));
        }
        return value.equals("true");
    }

    /** One of an API enum's words; null when absent. */
    public <E extends Enum<E>> E word(String name, Class<E> type) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        E parsed = ApiEnums.parse(value, type);
        if (parsed == null) {
            violations.add(new FieldViolation(name, "must be one of " + String.join(", ", ApiEnums.words(type))
                    + ", was " + value));
        }
        return parsed;
    }

    public void require(String name) {
        if (!parameters.containsKey(name) || parameters.get(name).isBlank()) {
            violations.add(new FieldViolation(name, "is required"));
        }
    }

    /** Throws with every collected violation, if any. */
    public void requireValid() {
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }
}
