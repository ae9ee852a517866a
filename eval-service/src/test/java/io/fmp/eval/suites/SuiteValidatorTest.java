package io.fmp.eval.suites;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.eval.datasets.DatasetFacts;
import io.fmp.eval.scoring.MetricKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SuiteValidatorTest {

    private static final DatasetFacts INTENTS = new DatasetFacts("d-1", "intents", 3, List.of(
            new DatasetFacts.SplitFacts("test", 100, 100, 0, 0),
            new DatasetFacts.SplitFacts("train", 800, 800, 0, 0)), List.of("card_arrival", "pin_blocked"), 2);
    private static final DatasetFacts QA = new DatasetFacts("d-2", "qa", 1, List.of(
            new DatasetFacts.SplitFacts("", 50, 0, 48, 0)), List.of(), 0);
    private static final DatasetFacts QA_COMPLETE = new DatasetFacts("d-2", "qa", 1, List.of(
            new DatasetFacts.SplitFacts("", 50, 0, 50, 0)), List.of(), 0);

    private static SuiteRequest request(String split, TaskType task, String template, List<String> metrics,
                                        String primary, int fewShot, String fewShotSplit) {
        return new SuiteRequest("intents-suite", "", "intents", 0, split, task, template, metrics, primary, 0, 0, 0,
                List.of(), false, fewShot, fewShotSplit, 7, Map.of());
    }

    private static List<String> fields(Runnable call) {
        return assertThrows(InvalidInputException.class, call::run).violations().stream()
                .map(FieldViolation::field).toList();
    }

    @Test
    void defaultsComeFromTheTaskAndTheDatasetVersionIsResolved() {
        SuiteDefinition suite = SuiteValidator.validate(request("test", TaskType.CLASSIFICATION, "", List.of(), "", 0,
                ""), INTENTS);
        assertEquals(List.of(MetricKind.ACCURACY, MetricKind.MACRO_F1), suite.metrics());
        assertEquals(MetricKind.ACCURACY, suite.primaryMetric());
        assertEquals(TaskType.CLASSIFICATION.defaultTemplate, suite.promptTemplate());
        assertEquals(16, suite.decoding().maxTokens());
        assertEquals(3, suite.datasetVersion());
        assertEquals("card arrival", suite.describe("card_arrival"));
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertEquals(List.of("split", "promptTemplate", "promptTemplate", "metrics[0]", "metrics[2]", "metrics[3]",
                        "primaryMetric"),
                fields(() -> SuiteValidator.validate(request("dev", TaskType.CLASSIFICATION, "Text: {{text}}",
                        List.of("bleu", "accuracy", "accuracy", "wer"), "macro_f1", 0, ""), INTENTS)));
        assertEquals(List.of("taskType"), fields(() -> SuiteValidator.validate(request("test", null, "", List.of(),
                "", 0, ""), INTENTS)));
        // generation needs references: 2 of 50 rows have none
        List<FieldViolation> missing = assertThrows(InvalidInputException.class, () -> SuiteValidator.validate(
                new SuiteRequest("qa", "", "qa", 0, "", TaskType.GENERATION, "", List.of("ter"), "", 3, 0, 0,
                        List.of(), false, 0, "", 0, Map.of()), QA)).violations();
        assertEquals(List.of("split", "metrics", "decoding.temperature"),
                missing.stream().map(FieldViolation::field).toList());
        assertEquals("2 of 50 examples lack at least one reference, which a generation suite needs",
                missing.get(0).message());
    }

    @Test
    void fewShotExamplesComeFromAnotherSplitAndNeedTheirPlaceholder() {
        assertEquals(List.of("fewShot.split"), fields(() -> SuiteValidator.validate(request("test",
                TaskType.CLASSIFICATION, "", List.of(), "", 3, "test"), INTENTS)));
        assertEquals(List.of("promptTemplate"), fields(() -> SuiteValidator.validate(request("test",
                TaskType.CLASSIFICATION, "{{input}} ->", List.of(), "", 3, "train"), INTENTS)));
        SuiteDefinition suite = SuiteValidator.validate(request("test", TaskType.CLASSIFICATION, "", List.of(), "", 3,
                "train"), INTENTS);
        assertEquals(new SuiteDefinition.FewShot(3, "train", 7), suite.fewShot());
    }

    @Test
    void perplexityNeedsLogprobsAndLowerIsBetterMetricsCannotRank() {
        SuiteRequest request = new SuiteRequest("qa", "", "qa", 0, "", TaskType.EXTRACTION, "",
                List.of("perplexity", "f1"), "perplexity", 0, 0, 0, List.of(), false, 0, "", 0, Map.of());
        assertEquals(List.of("primaryMetric", "decoding.logprobs"),
                fields(() -> SuiteValidator.validate(request, QA_COMPLETE)));
    }

    @Test
    void labelDescriptionsMustNameLabels() {
        SuiteRequest described = new SuiteRequest("s", "", "intents", 0, "test", TaskType.CLASSIFICATION, "",
                List.of(), "", 0, 0, 0, List.of(), false, 0, "", 0, Map.of("card_arrival", "my card has not come",
                "lost_card", "card lost", "pin_blocked", " "));
        assertEquals(List.of("labelDescriptions.lost_card", "labelDescriptions.pin_blocked"),
                fields(() -> SuiteValidator.validate(described, INTENTS)));
    }

    @Test
    void promptsRenderOnlyTheKnownPlaceholdersAndNeverInjectedOnes() {
        SuiteDefinition suite = SuiteValidator.validate(new SuiteRequest("mc", "", "intents", 0, "test",
                TaskType.CLASSIFICATION, "Labels: {{labels}}\n{{examples}}Q: {{ input }}\nA:", List.of(), "", 0, 0, 0,
                List.of(), false, 1, "train", 1, Map.of()), INTENTS);
        DatasetExample shot = new DatasetExample(9, "train", "PIN locked", List.of(), "pin_blocked", List.of(), Map.of());
        DatasetExample query = new DatasetExample(2, "test", "card {{labels}} missing", List.of(), "card_arrival",
                List.of(), Map.of());
        String prompt = new PromptBuilder(suite, List.of("card_arrival", "pin_blocked"), List.of(shot)).prompt(query);
        assertEquals("Labels: card_arrival, pin_blocked\nText: PIN locked\nLabel: pin_blocked\n\n"
                + "Q: card {{labels}} missing\nA:", prompt);
        assertEquals("A. yes\nB. no", PromptTemplate.choices(List.of("yes", "no")));
    }
}
