package io.fmp.governance.risk;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RiskAssessorTest {

    static final RiskAssessor ASSESSOR = new RiskAssessor(RiskCatalogue.load());

    static Map<String, Object> answers(Object... pairs) {
        Map<String, Object> answers = new HashMap<>(Map.of("prohibited-practices", List.of("none"), "annex-iii-area",
                "none", "derogation", "none", "profiling", "no", "interacts-with-people", "no",
                "generates-synthetic-content", "no", "emotion-or-biometric-categorisation", "no", "deep-fake", "no"));
        for (int i = 0; i < pairs.length; i += 2) {
            answers.put((String) pairs[i], pairs[i + 1]);
        }
        return answers;
    }

    static List<String> obligations(RiskAssessor.Assessment assessment) {
        return assessment.obligations().stream().map(RiskCatalogue.Obligation::id).toList();
    }

    @Test
    void aChatbotForCustomersOwesDisclosure() {
        var assessment = ASSESSOR.assess(answers("interacts-with-people", "yes"));
        assertEquals("transparency", assessment.tier().id());
        assertEquals(List.of("art4-ai-literacy", "art50-disclosure"), obligations(assessment));
        assertEquals(1, assessment.tier().quorum());
    }

    @Test
    void cvScreeningIsHighRiskWithArticles9To15() {
        var assessment = ASSESSOR.assess(answers("annex-iii-area", "employment"));
        assertEquals("high-risk", assessment.tier().id());
        assertEquals(List.of("art4-ai-literacy", "art9-risk-management", "art10-data-governance",
                "art11-technical-documentation", "art12-record-keeping", "art13-transparency-to-deployers",
                "art14-human-oversight", "art15-accuracy-robustness"), obligations(assessment));
        assertEquals(2, assessment.tier().quorum());
        assertEquals(90, assessment.tier().reviewInterval().toDays());
    }

    @Test
    void theDerogationNeedsItsReasonAndNeverCoversProfiling() {
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> ASSESSOR.assess(answers(
                "annex-iii-area", "employment", "derogation", "preparatory-task")));
        assertEquals(List.of("answers.derogation-reason"), missing.violations().stream().map(FieldViolation::field).toList());
        assertEquals("minimal", ASSESSOR.assess(answers("annex-iii-area", "employment", "derogation",
                "preparatory-task", "derogation-reason", "sorts applications by date for a person")).tier().id());
        assertEquals("high-risk", ASSESSOR.assess(answers("annex-iii-area", "employment", "derogation",
                "preparatory-task", "derogation-reason", "ranks", "profiling", "yes")).tier().id());
    }

    @Test
    void aProhibitedPracticeOutranksEverythingElse() {
        var assessment = ASSESSOR.assess(answers("prohibited-practices", List.of("social-scoring"), "annex-iii-area",
                "essential-services"));
        assertEquals("prohibited", assessment.tier().id());
        assertEquals(List.of("art5-prohibited"), obligations(assessment));
    }

    @Test
    void everyBadAnswerIsNamed() {
        Map<String, Object> bad = answers("annex-iii-area", "astrology", "profiling", "maybe", "colour", "blue");
        bad.remove("deep-fake");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ASSESSOR.assess(bad));
        assertEquals(List.of("answers.colour", "answers.annex-iii-area", "answers.profiling"),
                e.violations().stream().map(FieldViolation::field).toList());
        InvalidInputException incomplete = assertThrows(InvalidInputException.class, () -> ASSESSOR.assess(
                Map.of("annex-iii-area", "none")));
        assertTrue(incomplete.violations().stream().anyMatch(v -> v.field().equals("answers.deep-fake")));
    }

    @Test
    void everyRowCitesItsSource() {
        RiskCatalogue catalogue = ASSESSOR.catalogue();
        catalogue.questions().forEach(q -> assertTrue(q.source().startsWith("AIA "), q.id()));
        catalogue.obligations().forEach(o -> assertTrue(o.source().startsWith("AIA "), o.id()));
        catalogue.tiers().forEach(t -> assertTrue(t.source().startsWith("AIA "), t.id()));
        assertEquals(4, catalogue.applicationDates().size());
    }
}
