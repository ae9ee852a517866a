package io.fmp.eval.suites;

import io.fmp.eval.datasets.DatasetExample;

import java.util.List;

/** Renders the prompts of a suite: its template with the labels and the few-shot block filled in once. */
public final class PromptBuilder {

    private final PromptTemplate template;
    private final List<String> labels;
    private final String examples;

    /** @param shots the few-shot examples, already chosen (empty for none) */
    public PromptBuilder(SuiteDefinition suite, List<String> labels, List<DatasetExample> shots) {
        this.template = suite.template();
        this.labels = List.copyOf(labels);
        this.examples = PromptTemplate.fewShotBlock(suite.taskType(), shots);
    }

    public String prompt(DatasetExample example) {
        return template.render(example, labels, examples);
    }
}
