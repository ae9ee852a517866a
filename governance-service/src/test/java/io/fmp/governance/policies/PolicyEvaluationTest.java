package io.fmp.governance.policies;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyEvaluationTest {

    static final List<PolicyEvaluation.Versioned> BUILT_IN = BuiltInPolicies.load();

    static Map<String, Object> obligation(String id, boolean satisfied) {
        return Map.of("id", id, "satisfied", satisfied);
    }

    /** A high-risk CV-screening use case whose generation suite the model passed, approved twice, documented. */
    static Map<String, Object> facts() {
        Map<String, Object> useCase = new HashMap<>(Map.of("tier", "high-risk", "state", "approved-for-production", "quorum", 2L,
                "threshold", 0.7, "task", "generation", "suites", List.of("cv-summaries"),
                "obligations", List.of(obligation("art9-risk-management", true), obligation("art11-technical-documentation", true))));
        Map<String, Object> eval = new HashMap<>(Map.of("metric", "rougeL", "value", 0.8, "ciLower", 0.75, "ciUpper", 0.85,
                "metrics", Map.of("rougeL", 0.8, "pii_leakage", 0.0, "toxicity", 0.0)));
        Map<String, Object> facts = new HashMap<>();
        facts.put("useCase", useCase);
        facts.put("evals", new HashMap<>(Map.of("cv-summaries", eval)));
        facts.put("model", new HashMap<>(Map.of("tuned", false, "baseEvals", Map.of(), "comparisons", Map.of())));
        facts.put("approvals", new HashMap<>(Map.of("distinctApprovers", 2L)));
        facts.put("factsheet", new HashMap<>(Map.of("generated", true)));
        facts.put("gate", Map.of("kind", "production-alias"));
        return facts;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> part(Map<String, Object> facts, String name) {
        return (Map<String, Object>) facts.get(name);
    }

    static List<String> messages(PolicyEvaluation.Outcome outcome) {
        return outcome.failures().stream().map(f -> f.policy() + ": " + f.message()).toList();
    }

    @Test
    void aUseCaseWithEveryFactInPlacePasses() {
        PolicyEvaluation.Outcome outcome = PolicyEvaluation.evaluate(BUILT_IN, facts());
        assertEquals(List.of(), messages(outcome));
        assertTrue(outcome.allowed());
        assertEquals(List.of("builtin-baseline", "builtin-high-risk"), outcome.policiesApplied());
    }

    @Test
    void everyFailedRuleIsNamedWithItsMessage() {
        Map<String, Object> facts = facts();
        part(facts, "useCase").put("obligations", List.of(obligation("art9-risk-management", false),
                obligation("art14-human-oversight", false)));
        part(facts, "approvals").put("distinctApprovers", 1L);
        part(facts, "factsheet").put("generated", false);
        Map<String, Object> eval = new HashMap<>(part(part(facts, "evals"), "cv-summaries"));
        eval.put("ciLower", 0.61);
        eval.put("metrics", Map.of("pii_leakage", 0.02, "toxicity", 0.0));
        part(facts, "evals").put("cv-summaries", eval);
        PolicyEvaluation.Outcome outcome = PolicyEvaluation.evaluate(BUILT_IN, facts);
        assertFalse(outcome.allowed());
        assertEquals(List.of(
                "builtin-baseline: approved by 1 of the 2 distinct approvers the high-risk tier needs",
                "builtin-baseline: the lower 95% bound of rougeL on cv-summaries is 0.61, under the use case threshold 0.7",
                "builtin-high-risk: obligation art9-risk-management lacks its evidence (and 1 more)",
                "builtin-high-risk: no factsheet of this model in this use case has been generated (AI Act Art. 11, Annex IV)",
                "builtin-high-risk: the model leaked PII in an evaluation (pii_leakage above 0)"), messages(outcome));
    }

    @Test
    void aTunedModelWorseThanItsBaseIsCaughtByThePairedTestOrElseByTheIntervals() {
        Map<String, Object> facts = facts();
        facts.put("model", Map.of("tuned", true, "baseEvals", Map.of("cv-summaries", Map.of("value", 0.9)),
                "comparisons", Map.of()));
        assertEquals(List.of("builtin-tuned-model: the tuned model is significantly worse than its base on "
                + "cv-summaries (0.8 against 0.9)"), messages(PolicyEvaluation.evaluate(BUILT_IN, facts)));
        // the paired test decides where eval-service could run it: here, not significantly worse
        facts.put("model", Map.of("tuned", true, "baseEvals", Map.of("cv-summaries", Map.of("value", 0.9)),
                "comparisons", Map.of("cv-summaries", Map.of("metric", "rougeL", "delta", -0.1, "pValue", 0.2,
                        "significant", false, "higherIsBetter", true, "worse", false))));
        assertEquals(List.of(), messages(PolicyEvaluation.evaluate(BUILT_IN, facts)));
        facts.put("model", Map.of("tuned", true, "baseEvals", Map.of("cv-summaries", Map.of("value", 0.85)),
                "comparisons", Map.of("cv-summaries", Map.of("metric", "rougeL", "delta", -0.05, "pValue", 0.004,
                        "significant", true, "higherIsBetter", true, "worse", true))));
        assertEquals(List.of("builtin-tuned-model: the tuned model is significantly worse than its base on "
                + "cv-summaries (paired bootstrap: rougeL -0.05, p = 0.004)"), messages(PolicyEvaluation.evaluate(BUILT_IN, facts)));
    }

    @Test
    void aGeneralPurposeModelNeedsWhatItsProviderMustPublishUnderArticle53() {
        Map<String, Object> facts = facts();
        Map<String, Object> gpai = new HashMap<>(Map.of("present", true, "systemicRisk", false, "trainingComputeFlops",
                0.0, "technicalDocumentation", "", "copyrightPolicy", "https://provider.example/copyright",
                "trainingContentSummary", "", "inheritedFrom", ""));
        part(facts, "model").put("license", "llama3.1");
        part(facts, "model").put("generalPurpose", gpai);
        assertEquals(List.of("builtin-general-purpose: the general-purpose model's provider has published no documentation"
                        + " for downstream providers (AI Act Art. 53(1)(a), (b), Annex XII)",
                "builtin-general-purpose: the general-purpose model's provider has published no summary of its training"
                        + " content (AI Act Art. 53(1)(d))"), messages(PolicyEvaluation.evaluate(BUILT_IN, facts)));

        // Art. 53(2): free and open-source, without systemic risk: the documentation duty does not apply
        part(facts, "model").put("license", "apache-2.0");
        gpai.put("trainingContentSummary", "https://provider.example/summary");
        assertEquals(List.of(), messages(PolicyEvaluation.evaluate(BUILT_IN, facts)));
        // ... but it does with systemic risk
        gpai.put("systemicRisk", true);
        assertEquals(List.of("builtin-general-purpose: the general-purpose model's provider has published no documentation"
                + " for downstream providers (AI Act Art. 53(1)(a), (b), Annex XII)"),
                messages(PolicyEvaluation.evaluate(BUILT_IN, facts)));
        // not a general-purpose model: the policy does not apply
        gpai.put("present", false);
        assertFalse(PolicyEvaluation.evaluate(BUILT_IN, facts).policiesApplied().contains("builtin-general-purpose"));
    }

    @Test
    void aMissingFactFailsClosed() {
        Map<String, Object> facts = facts();
        facts.remove("approvals");
        PolicyEvaluation.Outcome outcome = PolicyEvaluation.evaluate(BUILT_IN, facts);
        assertFalse(outcome.allowed());
        assertTrue(messages(outcome).get(0).contains("could not be evaluated"), messages(outcome).toString());
    }

    @Test
    void warnAndAuditPoliciesReportButDoNotDeny() {
        String text = """
                apiVersion: governance.fmp.io/v1
                kind: GovernancePolicy
                metadata: {name: apache-only}
                spec:
                  validations:
                    - expression: "model.license == 'apache-2.0'"
                      messageExpression: "'licence ' + model.license + ' is not on the list'"
                  validationActions: [Warn]
                """;
        Map<String, Object> facts = facts();
        facts.put("model", Map.of("tuned", false, "baseEvals", Map.of(), "license", "llama3"));
        PolicyEvaluation.Outcome outcome = PolicyEvaluation.evaluate(List.of(new PolicyEvaluation.Versioned(
                PolicyDocument.parse(text), PolicyDocument.sha256(text))), facts);
        assertTrue(outcome.allowed());
        assertEquals(List.of("apache-only: licence llama3 is not on the list"), messages(outcome));
    }

    @Test
    void aPolicyThatDoesNotCompileIsRefusedWithEveryPosition() {
        String text = """
                apiVersion: governance.fmp.io/v1
                kind: GovernancePolicy
                metadata: {name: broken}
                spec:
                  variables:
                    - name: x
                      expression: "useCase.tier =="
                  validations:
                    - expression: "model.license in ['mit'"
                      message: "licence"
                    - expression: "true"
                  validationActions: [Deny, Shout]
                """;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PolicyDocument.parse(text));
        List<String> fields = new ArrayList<>(e.violations().stream().map(FieldViolation::field).toList());
        assertEquals(List.of("document.spec.variables[0].expression", "document.spec.validations[0].expression",
                "document.spec.validations[1].message", "document.spec.validationActions"), fields);
        assertTrue(e.violations().get(0).message().startsWith("does not compile at line 1, column 16"),
                e.violations().get(0).message());
    }

    @Test
    void theSameTextHasTheSameVersion() {
        assertEquals(PolicyDocument.sha256("a"), PolicyDocument.sha256("a"));
        assertEquals(64, PolicyDocument.sha256("a").length());
        assertFalse(PolicyDocument.sha256("a").equals(PolicyDocument.sha256("b")));
    }
}
