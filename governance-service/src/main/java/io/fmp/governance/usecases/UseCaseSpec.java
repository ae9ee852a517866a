package io.fmp.governance.usecases;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.guardrails.GuardrailPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a caller registers a use case with; {@link #validate} names every bad field.
 *
 * @param guardrails null: {@link GuardrailPolicy#defaultFor} its task and data categories
 */
public record UseCaseSpec(String name, String purpose, String owner, String task, List<String> affectedPeople,
                          List<String> dataCategories, String deploymentContext, List<UseCase.Document> documents,
                          List<String> suites, List<String> approaches, double threshold, GuardrailPolicy guardrails) {

    public static final Set<String> TASKS = Set.of("classification", "multiple-choice", "extraction", "generation");
    public static final Set<String> DATA_CATEGORIES = Set.of("none", "personal", "special-category", "biometric",
            "children", "financial", "health", "confidential-business");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public UseCaseSpec {
        affectedPeople = affectedPeople == null ? List.of() : List.copyOf(affectedPeople);
        dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
        documents = documents == null ? List.of() : List.copyOf(documents);
        suites = suites == null ? List.of() : List.copyOf(suites);
        approaches = approaches == null ? List.of() : List.copyOf(approaches);
    }

    /** The guardrails it asked for, or its defaults. */
    public GuardrailPolicy guardrailsOrDefault() {
        return guardrails != null ? guardrails : GuardrailPolicy.defaultFor(task, dataCategories);
    }

    public void validate() {
        List<FieldViolation> violations = new ArrayList<>();
        required("name", name, 200, violations);
        required("purpose", purpose, 4000, violations);
        required("owner", owner, 200, violations);
        if (task == null || !TASKS.contains(task)) {
            violations.add(new FieldViolation("task", "must be one of " + TASKS.stream().sorted().toList()));
        }
        for (int i = 0; i < dataCategories.size(); i++) {
            if (!DATA_CATEGORIES.contains(dataCategories.get(i))) {
                violations.add(new FieldViolation("dataCategories[" + i + "]", "must be one of "
                        + DATA_CATEGORIES.stream().sorted().toList()));
            }
        }
        if (suites.isEmpty()) {
            violations.add(new FieldViolation("suites", "must name at least one evaluation suite that measures the use case"));
        }
        for (int i = 0; i < suites.size(); i++) {
            required("suites[" + i + "]", suites.get(i), 200, violations);
        }
        for (int i = 0; i < approaches.size(); i++) {
            if (approaches.get(i) == null || !ID.matcher(approaches.get(i)).matches()) {
                violations.add(new FieldViolation("approaches[" + i + "]", "must be a catalog model id (a UUID)"));
            }
        }
        for (int i = 0; i < documents.size(); i++) {
            UseCase.Document document = documents.get(i);
            required("documents[" + i + "].obligation", document.obligation(), 63, violations);
            required("documents[" + i + "].title", document.title(), 200, violations);
            if (document.uri() == null || !document.uri().matches("(https://|file:|s3://|gs://)[^\\s]{1,2000}")) {
                violations.add(new FieldViolation("documents[" + i + "].uri", "must be an https://, s3://, gs:// or file: URI"));
            }
        }
        if (guardrails != null && guardrails.piiProblem() != null) {
            violations.add(new FieldViolation("guardrails.pii", guardrails.piiProblem()));
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            violations.add(new FieldViolation("threshold", "must be between 0 and 1"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    private static void required(String field, String value, int max, List<FieldViolation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new FieldViolation(field, "is required"));
        } else if (value.length() > max) {
            violations.add(new FieldViolation(field, "must be at most " + max + " characters"));
        }
    }
}
