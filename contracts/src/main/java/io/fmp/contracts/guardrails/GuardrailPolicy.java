package io.fmp.contracts.guardrails;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The checks the gateway makes on every call of a deployment: a use case declares them (governance-service), a
 * deployment may tighten them (tuning-service), the gateway applies the result. Plain data, stored as JSON.
 *
 * @param pii           off, redact (personal data masked before it reaches the model, and in answers) or block
 * @param blockToxicity refuse a call whose text, or whose answer, holds a term of the toxicity lexicon
 */
public record GuardrailPolicy(String pii, boolean blockToxicity) {

    public static final List<String> PII_MODES = List.of("off", "redact", "block");
    public static final GuardrailPolicy OFF = new GuardrailPolicy("off", false);
    /** Data categories (governance's words) that are personal data: a use case with any redacts it by default. */
    private static final Set<String> PERSONAL = Set.of("personal", "special-category", "biometric", "children",
            "financial", "health");

    public GuardrailPolicy {
        pii = pii == null || pii.isBlank() ? "off" : pii;
    }

    /**
     * What a use case that declares none gets: personal data redacted when it says it handles any, toxic text
     * blocked when it generates text.
     */
    public static GuardrailPolicy defaultFor(String task, Collection<String> dataCategories) {
        boolean personal = dataCategories.stream().anyMatch(PERSONAL::contains);
        return new GuardrailPolicy(personal ? "redact" : "off", "generation".equals(task));
    }

    /** Both applied: the stricter PII mode (off &lt; redact &lt; block), and toxicity blocked if either blocks it. */
    public GuardrailPolicy strictest(GuardrailPolicy other) {
        if (other == null) {
            return this;
        }
        String stricter = PII_MODES.indexOf(other.pii) > PII_MODES.indexOf(pii) ? other.pii : pii;
        return new GuardrailPolicy(stricter, blockToxicity || other.blockToxicity);
    }

    /** Whether nothing is checked. */
    public boolean off() {
        return "off".equals(pii) && !blockToxicity;
    }

    /** Null when valid; otherwise what is wrong with {@code pii}. */
    public String piiProblem() {
        return PII_MODES.contains(pii) ? null : "must be one of " + PII_MODES;
    }
}
