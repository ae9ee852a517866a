package io.fmp.governance.policies;

import dev.cel.runtime.CelEvaluationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates policies over facts as a ValidatingAdmissionPolicy is evaluated: a policy whose match conditions
 * all hold computes its variables in order, then every validation; each one that does not hold (or cannot be
 * evaluated: fail closed) is a failure with its message. Plain Java.
 */
public final class PolicyEvaluation {

    /** One failed validation: which policy (name, SHA-256), which rule, its message and reason, and its action. */
    public record Failure(String policy, String policySha256, int rule, String message, String reason,
                          boolean denies) {
    }

    /** The outcome over every policy: allowed when no failure denies. */
    public record Outcome(List<Failure> failures, List<String> policiesApplied) {
        public boolean allowed() {
            return failures.stream().noneMatch(Failure::denies);
        }

        public List<Failure> denials() {
            return failures.stream().filter(Failure::denies).toList();
        }
    }

    /** A policy with the SHA-256 of the text it came from. */
    public record Versioned(PolicyDocument document, String sha256) {
    }

    private PolicyEvaluation() {
    }

    public static Outcome evaluate(List<Versioned> policies, Map<String, Object> facts) {
        List<Failure> failures = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        for (Versioned policy : policies) {
            PolicyDocument document = policy.document();
            String name = document.metadata().name();
            Map<String, Object> scope = new HashMap<>(facts);
            Map<String, Object> variables = new LinkedHashMap<>();
            scope.put("variables", variables);
            try {
                boolean matches = true;
                for (PolicyDocument.Named condition : document.spec().matchConditions()) {
                    matches &= CelExpressions.test(condition.expression(), scope);
                }
                if (!matches) {
                    continue;
                }
                for (PolicyDocument.Named variable : document.spec().variables()) {
                    variables.put(variable.name(), CelExpressions.evaluate(variable.expression(), scope));
                }
            } catch (CelEvaluationException | IllegalArgumentException e) {
                failures.add(new Failure(name, policy.sha256(), -1, "could not be evaluated: " + e.getMessage(),
                        "Invalid", document.denies()));
                applied.add(name);
                continue;
            }
            applied.add(name);
            List<PolicyDocument.Validation> validations = document.spec().validations();
            for (int i = 0; i < validations.size(); i++) {
                PolicyDocument.Validation validation = validations.get(i);
                String message;
                try {
                    if (CelExpressions.test(validation.expression(), scope)) {
                        continue;
                    }
                    message = message(validation, scope);
                } catch (CelEvaluationException | IllegalArgumentException e) {
                    message = (validation.message() == null ? validation.expression() : validation.message())
                            + " (could not be evaluated: " + e.getMessage() + ")";
                }
                failures.add(new Failure(name, policy.sha256(), i, message,
                        validation.reason() == null ? "Forbidden" : validation.reason(), document.denies()));
            }
        }
        return new Outcome(failures, applied);
    }

    /** messageExpression when it yields one non-empty line, else message (as Kubernetes does). */
    private static String message(PolicyDocument.Validation validation, Map<String, Object> scope) {
        if (validation.messageExpression() != null) {
            try {
                Object text = CelExpressions.evaluate(validation.messageExpression(), scope);
                if (text instanceof String s && !s.isBlank() && !s.contains("\n")) {
                    return s;
                }
            } catch (CelEvaluationException e) {
                // falls back to the static message
            }
        }
        return validation.message() == null ? "failed: " + validation.expression() : validation.message();
    }
}
