package io.fmp.governance.risk;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.governance.policies.CelExpressions;
import io.fmp.governance.risk.RiskCatalogue.Obligation;
import io.fmp.governance.risk.RiskCatalogue.Question;
import io.fmp.governance.risk.RiskCatalogue.Tier;
import dev.cel.runtime.CelEvaluationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers -> tier and obligations, by the catalogue's rules. Plain Java. */
public final class RiskAssessor {

    /** The outcome: the tier, the rule that chose it and the obligations that apply, in catalogue order. */
    public record Assessment(String catalogueVersion, Tier tier, List<Obligation> obligations,
                             Map<String, Object> answers) {
    }

    private final RiskCatalogue catalogue;

    public RiskAssessor(RiskCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public RiskCatalogue catalogue() {
        return catalogue;
    }

    /**
     * Assesses answers (question id -> a string, or a list of strings for many-of questions); every
     * missing, unknown or out-of-range answer is named in one InvalidInputException.
     */
    public Assessment assess(Map<String, ?> given) {
        Map<String, Object> answers = new LinkedHashMap<>();
        List<FieldViolation> violations = new ArrayList<>();
        given.keySet().stream().filter(id -> catalogue.questions().stream().noneMatch(q -> q.id().equals(id)))
                .forEach(id -> violations.add(new FieldViolation("answers." + id, "is not a question of catalogue "
                        + catalogue.version())));
        for (Question question : catalogue.questions()) {
            Object answer = given.get(question.id());
            if (answer == null || answer instanceof String s && s.isBlank()) {
                continue;
            }
            String field = "answers." + question.id();
            switch (question.kind()) {
                case "many-of" -> {
                    List<?> picked = answer instanceof List<?> list ? list : List.of(answer);
                    List<String> bad = picked.stream().map(String::valueOf).filter(p -> !question.options().contains(p)).toList();
                    if (picked.isEmpty() || !bad.isEmpty()) {
                        violations.add(new FieldViolation(field, "must be some of " + question.options()));
                    } else {
                        answers.put(question.id(), picked.stream().map(String::valueOf).toList());
                    }
                }
                case "text" -> answers.put(question.id(), String.valueOf(answer));
                default -> {
                    if (!question.options().contains(String.valueOf(answer))) {
                        violations.add(new FieldViolation(field, "must be one of " + question.options()));
                    } else {
                        answers.put(question.id(), String.valueOf(answer));
                    }
                }
            }
        }
        if (violations.isEmpty()) {
            for (Question question : catalogue.questions()) {
                if (!answers.containsKey(question.id()) && required(question, answers)) {
                    violations.add(new FieldViolation("answers." + question.id(), "is required (" + question.text()
                            + "; " + question.source() + ")"));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        Map<String, Object> facts = Map.of("answers", answers);
        Tier tier = catalogue.tiers().stream().filter(t -> holds(t.when(), facts)).findFirst()
                .orElseThrow(() -> new IllegalStateException("catalogue " + catalogue.version() + " has no default tier"));
        Map<String, Object> withTier = Map.of("answers", answers, "tier", tier.id());
        List<Obligation> obligations = catalogue.obligations().stream().filter(o -> holds(o.when(), withTier)).toList();
        return new Assessment(catalogue.version(), tier, obligations, answers);
    }

    private static boolean required(Question question, Map<String, Object> answers) {
        if (question.requiredWhen() != null) {
            try {
                return CelExpressions.test(question.requiredWhen(), Map.of("answers", answers));
            } catch (CelEvaluationException e) {
                // rests on an answer that is missing itself, and is named as such
                return false;
            }
        }
        return !question.kind().equals("text");
    }

    private static boolean holds(String condition, Map<String, ?> facts) {
        try {
            return CelExpressions.test(condition, facts);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("catalogue condition '" + condition + "' failed: " + e.getMessage(), e);
        }
    }
}
