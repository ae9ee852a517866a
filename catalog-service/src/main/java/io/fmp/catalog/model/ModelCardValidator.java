package io.fmp.catalog.model;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a model card field by field and reports every problem at once. */
public final class ModelCardValidator {

    public static final long MAX_PARAMETER_COUNT = 10_000_000_000_000L;
    public static final int MAX_CONTEXT_WINDOW = 10_000_000;
    public static final int MAX_TASKS = 20;

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}");
    private static final Pattern LICENSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]{0,99}");
    /** Hugging Face pipeline tags: lower-case words joined by hyphens. */
    private static final Pattern TASK = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");

    private ModelCardValidator() {
    }

    public static List<FieldViolation> violations(ModelCardSpec card) {
        List<FieldViolation> violations = new ArrayList<>();
        text(violations, "name", card.name(), 200);
        text(violations, "provider", card.provider(), 200);
        if (text(violations, "version", card.version(), 100) && !VERSION.matcher(card.version()).matches()) {
            violations.add(new FieldViolation("version",
                    "must start with a letter or digit and contain only letters, digits, '.', '_', '+' and '-'"));
        }
        // hosted APIs often keep their size undisclosed: 0 means unknown there, nowhere else
        boolean undisclosedApiSize = card.parameterCount() == 0 && card.facts().apiPrice() != null;
        if (!undisclosedApiSize && (card.parameterCount() < 1 || card.parameterCount() > MAX_PARAMETER_COUNT)) {
            violations.add(new FieldViolation("parameterCount",
                    "must be between 1 and " + MAX_PARAMETER_COUNT + " (0 only for a hosted API with a price), was "
                            + card.parameterCount()));
        }
        if (text(violations, "license", card.license(), 100) && !LICENSE_ID.matcher(card.license()).matches()) {
            violations.add(new FieldViolation("license",
                    "must be an SPDX or Hugging Face licence id such as apache-2.0 or llama3.1"));
        }
        if (card.contextWindow() < 1 || card.contextWindow() > MAX_CONTEXT_WINDOW) {
            violations.add(new FieldViolation("contextWindow",
                    "must be between 1 and " + MAX_CONTEXT_WINDOW + " tokens, was " + card.contextWindow()));
        }
        tasks(violations, card.tasks());
        facts(violations, card.facts());
        return violations;
    }

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}[A-Za-z0-9-]{0,18}");

    private static void facts(List<FieldViolation> violations, ModelFacts facts) {
        optionalText(violations, "facts.family", facts.family(), 100);
        optionalText(violations, "facts.description", facts.description(), 2000);
        each(violations, "facts.languages", facts.languages(), LANGUAGE, "an ISO 639 code such as en or de");
        each(violations, "facts.tags", facts.tags(), TAG, "lower-case letters, digits, '.', '_' or '-', at most 50");
        each(violations, "facts.dataRegions", List.copyOf(new java.util.TreeSet<>(facts.dataRegions())), REGION,
                "a region code such as EU, US or CH");
        if (facts.apiPrice() != null && !(facts.apiPrice().usdPerMillionInput() >= 0
                && facts.apiPrice().usdPerMillionOutput() >= 0)) {
            violations.add(new FieldViolation("facts.apiPrice", "prices must be 0 or more"));
        }
        if (facts.shape() != null && (facts.shape().layers() < 0 || facts.shape().kvHeads() < 0 || facts.shape().headDim() < 0)) {
            violations.add(new FieldViolation("facts.shape", "layers, kvHeads and headDim must not be negative"));
        }
        if (facts.sourceUrl() != null && !facts.sourceUrl().matches("https://[^\\s]{1,490}")) {
            violations.add(new FieldViolation("facts.sourceUrl", "must be an https URL of at most 500 characters"));
        }
    }

    private static void optionalText(List<FieldViolation> violations, String field, String value, int maxLength) {
        if (value != null && !value.isEmpty()) {
            text(violations, field, value, maxLength);
        }
    }

    private static void each(List<FieldViolation> violations, String field, List<String> values, Pattern pattern,
                             String expected) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || !pattern.matcher(values.get(i)).matches()) {
                violations.add(new FieldViolation(field + "[" + i + "]", "must be " + expected));
            }
        }
    }

    /** Throws {@link InvalidInputException} listing every violation, if there is any. */
    public static void requireValid(ModelCardSpec card) {
        List<FieldViolation> violations = violations(card);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private static boolean text(List<FieldViolation> violations, String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            violations.add(new FieldViolation(field, "is required"));
            return false;
        }
        if (value.length() > maxLength) {
            violations.add(new FieldViolation(field, "must be at most " + maxLength + " characters, was " + value.length()));
            return false;
        }
        if (!value.equals(value.strip()) || CONTROL_CHARACTERS.matcher(value).find()) {
            violations.add(new FieldViolation(field, "must not have leading/trailing spaces or control characters"));
            return false;
        }
        return true;
    }

    private static void tasks(List<FieldViolation> violations, List<String> tasks) {
        if (tasks.isEmpty()) {
            violations.add(new FieldViolation("tasks", "needs at least one task (a Hugging Face pipeline tag)"));
            return;
        }
        if (tasks.size() > MAX_TASKS) {
            violations.add(new FieldViolation("tasks", "must have at most " + MAX_TASKS + " entries, has " + tasks.size()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            String task = tasks.get(i);
            if (task == null || !TASK.matcher(task).matches() || task.length() > 100) {
                violations.add(new FieldViolation("tasks[" + i + "]",
                        "must be a pipeline tag like text-generation (lower-case words joined by '-')"));
            } else if (!seen.add(task)) {
                violations.add(new FieldViolation("tasks[" + i + "]", "duplicates " + task));
            }
        }
    }
}
