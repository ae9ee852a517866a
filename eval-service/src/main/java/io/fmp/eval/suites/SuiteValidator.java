package io.fmp.eval.suites;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.eval.datasets.DatasetFacts;
import io.fmp.eval.scoring.MetricKind;
import io.fmp.eval.storage.Names;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a suite request against the dataset it names and turns it into a {@link SuiteDefinition},
 * reporting every problem at once with the field it concerns.
 */
public final class SuiteValidator {

    static final int MAX_TEMPLATE_CHARS = 20_000;
    static final int MAX_FEW_SHOT = 20;

    private SuiteValidator() {
    }

    /** @param dataset the dataset version the request names, resolved by the caller */
    public static SuiteDefinition validate(SuiteRequest request, DatasetFacts dataset) {
        List<FieldViolation> violations = new ArrayList<>();
        Names.check("name", request.name(), violations);
        if (request.description() != null && request.description().length() > 2000) {
            violations.add(new FieldViolation("description", "must be at most 2000 characters"));
        }
        TaskType task = request.taskType();
        if (task == null) {
            violations.add(new FieldViolation("taskType", "is required: classification, multiple-choice, generation or extraction"));
        }
        String split = request.split() == null ? "" : request.split();
        Optional<DatasetFacts.SplitFacts> evaluated = dataset.split(split);
        if (evaluated.isEmpty()) {
            violations.add(new FieldViolation("split", "dataset " + dataset.name() + " v" + dataset.version()
                    + " has no split '" + split + "'; it has " + dataset.splitNames()));
        } else if (evaluated.get().examples() == 0) {
            violations.add(new FieldViolation("split", "has no examples"));
        } else if (task != null) {
            checkDataFitsTask(task, evaluated.get(), "split", violations);
        }

        boolean defaultTemplate = request.promptTemplate() == null || request.promptTemplate().isEmpty();
        // null: no task to take a default from (already reported)
        String template = defaultTemplate ? (task == null ? null : task.defaultTemplate) : request.promptTemplate();
        if (template != null) {
            checkTemplate(template, task, violations);
        }

        List<MetricKind> metrics = metrics(request, task, violations);
        MetricKind primary = primary(request, metrics, violations);

        if (request.temperature() < 0 || request.temperature() > 2) {
            violations.add(new FieldViolation("decoding.temperature", "must be between 0 and 2"));
        }
        if (request.maxTokens() < 0 || request.maxTokens() > 32_768) {
            violations.add(new FieldViolation("decoding.maxTokens", "must be between 1 and 32768 (0 = the task's default)"));
        }
        if (request.topP() < 0 || request.topP() > 1) {
            violations.add(new FieldViolation("decoding.topP", "must be between 0 and 1 (0 = not sent)"));
        }
        List<String> stop = request.stop() == null ? List.of() : request.stop();
        if (stop.size() > 4) {
            violations.add(new FieldViolation("decoding.stop", "may hold at most 4 sequences"));
        }
        for (int i = 0; i < stop.size(); i++) {
            if (stop.get(i).isEmpty() || stop.get(i).length() > 100) {
                violations.add(new FieldViolation("decoding.stop[" + i + "]", "must be 1 to 100 characters"));
            }
        }
        if (metrics.contains(MetricKind.PERPLEXITY) && !request.logprobs()) {
            violations.add(new FieldViolation("decoding.logprobs", "must be true when perplexity is a metric"));
        }

        SuiteDefinition.FewShot fewShot = fewShot(request, task, split, dataset, template, violations);
        Map<String, String> descriptions = request.labelDescriptions() == null ? Map.of() : request.labelDescriptions();
        checkLabelDescriptions(descriptions, task, dataset, violations);

        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        int maxTokens = request.maxTokens() == 0 ? task.defaultMaxTokens : request.maxTokens();
        return new SuiteDefinition(request.name(), request.description(), dataset.name(), dataset.version(), split, task,
                template, metrics, primary, new SuiteDefinition.Decoding(request.temperature(), maxTokens,
                request.topP(), stop, request.logprobs()), fewShot, descriptions);
    }

    private static void checkDataFitsTask(TaskType task, DatasetFacts.SplitFacts rows, String field,
                                          List<FieldViolation> violations) {
        long missing = switch (task) {
            case CLASSIFICATION -> rows.examples() - rows.withLabel();
            case MULTIPLE_CHOICE -> rows.examples() - Math.min(rows.withLabel(), rows.withChoices());
            case GENERATION, EXTRACTION -> rows.examples() - rows.withReferences();
        };
        if (missing > 0) {
            String needs = switch (task) {
                case CLASSIFICATION -> "a label";
                case MULTIPLE_CHOICE -> "choices and a label";
                case GENERATION, EXTRACTION -> "at least one reference";
            };
            violations.add(new FieldViolation(field, missing + " of " + rows.examples() + " examples lack " + needs
                    + ", which a " + task.word() + " suite needs"));
        }
    }

    private static void checkTemplate(String template, TaskType task, List<FieldViolation> violations) {
        if (template.length() > MAX_TEMPLATE_CHARS) {
            violations.add(new FieldViolation("promptTemplate", "must be at most " + MAX_TEMPLATE_CHARS + " characters"));
            return;
        }
        PromptTemplate parsed = PromptTemplate.parse(template);
        if (!parsed.unknownPlaceholders().isEmpty()) {
            violations.add(new FieldViolation("promptTemplate", "has unknown placeholders "
                    + parsed.unknownPlaceholders() + "; known: {{input}}, {{choices}}, {{labels}}, {{examples}}"));
        }
        if (!parsed.placeholders().contains("input")) {
            violations.add(new FieldViolation("promptTemplate", "must contain {{input}}"));
        }
        if (task == TaskType.MULTIPLE_CHOICE && !parsed.placeholders().contains("choices")) {
            violations.add(new FieldViolation("promptTemplate", "must contain {{choices}} for a multiple-choice suite"));
        }
    }

    private static List<MetricKind> metrics(SuiteRequest request, TaskType task, List<FieldViolation> violations) {
        List<String> words = request.metrics() == null ? List.of() : request.metrics();
        if (words.isEmpty()) {
            return task == null ? List.of() : task.defaultMetrics();
        }
        List<MetricKind> metrics = new ArrayList<>();
        Set<MetricKind> seen = new HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            Optional<MetricKind> kind = MetricKind.ofWord(words.get(i));
            String field = "metrics[" + i + "]";
            if (kind.isEmpty()) {
                violations.add(new FieldViolation(field, "'" + words.get(i) + "' is not a metric; known: "
                        + java.util.Arrays.stream(MetricKind.values()).map(m -> m.word).toList()));
            } else if (!seen.add(kind.get())) {
                violations.add(new FieldViolation(field, "'" + words.get(i) + "' is listed twice"));
            } else if (task != null && !kind.get().tasks.contains(task)) {
                violations.add(new FieldViolation(field, "'" + words.get(i) + "' does not apply to " + task.word()
                        + " suites"));
            } else {
                metrics.add(kind.get());
            }
        }
        return metrics;
    }

    private static MetricKind primary(SuiteRequest request, List<MetricKind> metrics, List<FieldViolation> violations) {
        String word = request.primaryMetric();
        if (word == null || word.isEmpty()) {
            Optional<MetricKind> first = metrics.stream().filter(MetricKind::canRank).findFirst();
            if (first.isEmpty() && !metrics.isEmpty()) {
                violations.add(new FieldViolation("metrics", "need one metric a leaderboard can rank by "
                        + "(higher is better), e.g. accuracy, exact_match, bleu, rougeL"));
            }
            return first.orElse(null);
        }
        Optional<MetricKind> kind = MetricKind.ofWord(word);
        if (kind.isEmpty() || !metrics.contains(kind.get())) {
            violations.add(new FieldViolation("primaryMetric", "must be one of the suite's metrics "
                    + metrics.stream().map(m -> m.word).toList()));
            return null;
        }
        if (!kind.get().canRank()) {
            violations.add(new FieldViolation("primaryMetric", "'" + word + "' cannot rank a leaderboard: lower is "
                    + "better or it has no upper bound"));
            return null;
        }
        return kind.get();
    }

    private static SuiteDefinition.FewShot fewShot(SuiteRequest request, TaskType task, String split,
                                                   DatasetFacts dataset, String template,
                                                   List<FieldViolation> violations) {
        int count = request.fewShotCount();
        if (count == 0) {
            return SuiteDefinition.FewShot.NONE;
        }
        if (count < 0 || count > MAX_FEW_SHOT) {
            violations.add(new FieldViolation("fewShot.count", "must be between 0 and " + MAX_FEW_SHOT));
            return SuiteDefinition.FewShot.NONE;
        }
        String from = request.fewShotSplit() == null ? "" : request.fewShotSplit();
        if (from.isEmpty() || split.isEmpty() || from.equals(split)) {
            violations.add(new FieldViolation("fewShot.split", "must name a split other than the evaluated one, "
                    + "so no example is shown to the model as its own answer"));
            return SuiteDefinition.FewShot.NONE;
        }
        Optional<DatasetFacts.SplitFacts> shots = dataset.split(from);
        if (shots.isEmpty()) {
            violations.add(new FieldViolation("fewShot.split", "dataset has no split '" + from + "'; it has "
                    + dataset.splitNames()));
        } else if (shots.get().examples() < count) {
            violations.add(new FieldViolation("fewShot.count", "split '" + from + "' has only "
                    + shots.get().examples() + " examples"));
        } else if (task != null) {
            checkDataFitsTask(task, shots.get(), "fewShot.split", violations);
        }
        if (template != null && !PromptTemplate.parse(template).placeholders().contains("examples")) {
            violations.add(new FieldViolation("promptTemplate", "must contain {{examples}} when fewShot.count > 0"));
        }
        return new SuiteDefinition.FewShot(count, from, request.fewShotSeed());
    }

    private static void checkLabelDescriptions(Map<String, String> descriptions, TaskType task, DatasetFacts dataset,
                                               List<FieldViolation> violations) {
        if (descriptions.isEmpty()) {
            return;
        }
        if (task != TaskType.CLASSIFICATION) {
            violations.add(new FieldViolation("labelDescriptions", "apply to classification suites only"));
            return;
        }
        for (Map.Entry<String, String> entry : new java.util.TreeMap<>(descriptions).entrySet()) {
            String field = "labelDescriptions." + entry.getKey();
            if (dataset.labelsComplete() && !dataset.labels().contains(entry.getKey())) {
                violations.add(new FieldViolation(field, "is not a label of the dataset"));
            }
            if (entry.getValue() == null || entry.getValue().isBlank() || entry.getValue().length() > 500) {
                violations.add(new FieldViolation(field, "must be 1 to 500 characters"));
            }
        }
    }
}
