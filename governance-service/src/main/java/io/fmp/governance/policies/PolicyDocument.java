package io.fmp.governance.policies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import io.fmp.platform.hashing.Sha256;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A governance policy, shaped like a Kubernetes ValidatingAdmissionPolicy: match conditions, variables
 * (read as {@code variables.<name>}), validations (expression, message, messageExpression, reason) and the
 * actions a failed validation takes (Deny, Warn, Audit). Written in YAML or JSON; identified by the
 * SHA-256 of its text.
 */
public record PolicyDocument(String apiVersion, String kind, Metadata metadata, Spec spec) {

    public static final String API_VERSION = "governance.fmp.io/v1";
    public static final String KIND = "GovernancePolicy";
    public static final Set<String> ACTIONS = Set.of("Deny", "Warn", "Audit");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public record Metadata(String name, String description) {
    }

    public record Spec(List<Named> matchConditions, List<Named> variables, List<Validation> validations,
                       List<String> validationActions) {
        public List<Named> matchConditions() {
            return matchConditions == null ? List.of() : matchConditions;
        }

        public List<Named> variables() {
            return variables == null ? List.of() : variables;
        }

        public List<Validation> validations() {
            return validations == null ? List.of() : validations;
        }

        public List<String> validationActions() {
            return validationActions == null || validationActions.isEmpty() ? List.of("Deny") : validationActions;
        }
    }

    public record Named(String name, String expression) {
    }

    public record Validation(String expression, String message, String messageExpression, String reason) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /**
     * Parses and compiles a policy; every problem (unreadable text, missing fields, expressions that do not
     * compile, with line and column) is one field violation of an InvalidInputException.
     */
    public static PolicyDocument parse(String text) {
        PolicyDocument document;
        try {
            document = YAML.readValue(text, PolicyDocument.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidInputException("document", "is not a policy document" + (at == null ? "" : " (line "
                    + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": " + e.getOriginalMessage());
        }
        if (document == null) {
            throw new InvalidInputException("document", "is empty");
        }
        document.validate();
        return document;
    }

    private void validate() {
        List<FieldViolation> violations = new ArrayList<>();
        if (!API_VERSION.equals(apiVersion)) {
            violations.add(new FieldViolation("document.apiVersion", "must be " + API_VERSION));
        }
        if (!KIND.equals(kind)) {
            violations.add(new FieldViolation("document.kind", "must be " + KIND));
        }
        if (metadata == null || metadata.name == null || !NAME.matcher(metadata.name).matches()) {
            violations.add(new FieldViolation("document.metadata.name", "must be a lower-case DNS label"));
        }
        if (spec == null || spec.validations().isEmpty()) {
            violations.add(new FieldViolation("document.spec.validations", "must hold at least one validation"));
        }
        if (spec != null) {
            named("matchConditions", spec.matchConditions(), violations);
            named("variables", spec.variables(), violations);
            for (int i = 0; i < spec.validations().size(); i++) {
                Validation v = spec.validations().get(i);
                String field = "document.spec.validations[" + i + "]";
                expression(field + ".expression", v.expression, violations);
                if (v.messageExpression != null) {
                    expression(field + ".messageExpression", v.messageExpression, violations);
                }
                if (v.message == null && v.messageExpression == null) {
                    violations.add(new FieldViolation(field + ".message", "is required (or a messageExpression)"));
                }
            }
            spec.validationActions().stream().filter(a -> !ACTIONS.contains(a)).forEach(a -> violations.add(
                    new FieldViolation("document.spec.validationActions", "'" + a + "' is not one of " + ACTIONS)));
            if (spec.validationActions().contains("Deny") && spec.validationActions().contains("Warn")) {
                violations.add(new FieldViolation("document.spec.validationActions", "may not hold both Deny and Warn"));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private static void named(String list, List<Named> entries, List<FieldViolation> violations) {
        for (int i = 0; i < entries.size(); i++) {
            String field = "document.spec." + list + "[" + i + "]";
            if (entries.get(i).name == null || entries.get(i).name.isBlank()) {
                violations.add(new FieldViolation(field + ".name", "is required"));
            }
            expression(field + ".expression", entries.get(i).expression, violations);
        }
    }

    private static void expression(String field, String expression, List<FieldViolation> violations) {
        if (expression == null || expression.isBlank()) {
            violations.add(new FieldViolation(field, "is required"));
            return;
        }
        CelExpressions.check(expression).ifPresent(error -> violations.add(new FieldViolation(field,
                "does not compile at " + error)));
    }

    public boolean denies() {
        return spec.validationActions().contains("Deny");
    }

    /** The SHA-256 of a policy's text, in hex: its version's identity. */
    public static String sha256(String text) {
        return Sha256.hex(text);
    }
}
