package io.fmp.eval.suites;

import io.fmp.eval.datasets.DatasetExample;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with placeholders: {@code {{input}}}, {@code {{choices}}} (lettered lines "A. ..."),
 * {@code {{labels}}} (comma-separated) and {@code {{examples}}} (the few-shot block). Nothing else
 * is substituted, so text from datasets can never inject a placeholder.
 */
public final class PromptTemplate {

    public static final Set<String> PLACEHOLDERS = Set.of("input", "choices", "labels", "examples");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_]+)\\s*}}");

    private final List<String> literals;
    private final List<String> names;

    private PromptTemplate(List<String> literals, List<String> names) {
        this.literals = literals;
        this.names = names;
    }

    /** Parses without judging; {@link #unknownPlaceholders()} tells what is not allowed. */
    public static PromptTemplate parse(String template) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        int at = 0;
        while (matcher.find()) {
            literals.add(template.substring(at, matcher.start()));
            names.add(matcher.group(1));
            at = matcher.end();
        }
        literals.add(template.substring(at));
        return new PromptTemplate(literals, names);
    }

    public Set<String> placeholders() {
        return new TreeSet<>(names);
    }

    public Set<String> unknownPlaceholders() {
        Set<String> unknown = new TreeSet<>(names);
        unknown.removeAll(PLACEHOLDERS);
        return unknown;
    }

    /**
     * @param labels   the dataset's labels (classification), listed by {@code {{labels}}}
     * @param examples the rendered few-shot block, "" for none
     */
    public String render(DatasetExample example, List<String> labels, String examples) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            prompt.append(literals.get(i));
            prompt.append(switch (names.get(i)) {
                case "input" -> example.input();
                case "choices" -> choices(example.choices());
                case "labels" -> String.join(", ", labels);
                case "examples" -> examples;
                default -> throw new IllegalStateException("unknown placeholder {{" + names.get(i) + "}}");
            });
        }
        prompt.append(literals.get(names.size()));
        return prompt.toString();
    }

    /** "A. first\nB. second" */
    public static String choices(List<String> choices) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < choices.size(); i++) {
            if (i > 0) {
                text.append('\n');
            }
            text.append(letter(i)).append(". ").append(choices.get(i));
        }
        return text.toString();
    }

    public static char letter(int index) {
        return (char) ('A' + index);
    }

    /** The few-shot block: each example with its answer, as the task reads answers. */
    public static String fewShotBlock(TaskType task, List<DatasetExample> shots) {
        StringBuilder block = new StringBuilder();
        for (DatasetExample shot : shots) {
            switch (task) {
                case CLASSIFICATION -> block.append("Text: ").append(shot.input()).append("\nLabel: ")
                        .append(shot.label());
                case MULTIPLE_CHOICE -> block.append("Question: ").append(shot.input()).append('\n')
                        .append(choices(shot.choices())).append("\nAnswer: ")
                        .append(letter(shot.choices().indexOf(shot.label())));
                case GENERATION, EXTRACTION -> block.append(shot.input()).append("\nAnswer: ")
                        .append(shot.references().isEmpty() ? "" : shot.references().get(0));
            }
            block.append("\n\n");
        }
        return block.toString();
    }
}
