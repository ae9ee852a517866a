package io.fmp.catalog.model;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import io.fmp.contracts.events.GeneralPurposeModel;
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
        facts(violations, card.facts(), card.parameterCount());
        endpoints(violations, card.endpoints());
        properties(violations, card.properties());
        lineage(violations, card.lineage());
        reportedResults(violations, card.reportedResults());
        if (card.documentation() != null && card.documentation().length() > MAX_DOCUMENTATION) {
            violations.add(new FieldViolation("documentation", "must be at most " + MAX_DOCUMENTATION
                    + " characters, was " + card.documentation().length()));
        }
        return violations;
    }

    public static final int MAX_DOCUMENTATION = 200_000;
    public static final int MAX_ENDPOINTS = 10;
    public static final int MAX_PROPERTIES = 100;
    public static final int MAX_PROPERTY_VALUE = 20_000;
    public static final int MAX_REPORTED_RESULTS = 500;

    private static final Pattern HTTP_URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\\s?#]*)?");
    private static final Pattern EMBEDDED_URL = Pattern.compile("embedded:[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern SECRET_REF = Pattern.compile(
            "k8s:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/[-._A-Za-z0-9]{1,253}|env:[A-Z_][A-Z0-9_]{0,127}");
    private static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");
    private static final Pattern ARTIFACT_URI = Pattern.compile("(s3|gs|https?|oci|file|hf|pvc|tuning):[^\\s]{1,490}");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MODEL_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern MODALITY = Pattern.compile("[a-z][a-z0-9-]{0,19}");

    private static void endpoints(List<FieldViolation> violations, List<ServingEndpoint> endpoints) {
        if (endpoints.size() > MAX_ENDPOINTS) {
            violations.add(new FieldViolation("endpoints", "must have at most " + MAX_ENDPOINTS + " entries"));
        }
        for (int i = 0; i < endpoints.size(); i++) {
            String at = "endpoints[" + i + "]";
            ServingEndpoint endpoint = endpoints.get(i);
            if (endpoint.protocol() == null) {
                violations.add(new FieldViolation(at + ".protocol",
                        "is required: openai-chat, openai-completions or embedded-encoder"));
                continue;
            }
            String url = endpoint.url() == null ? "" : endpoint.url();
            if (endpoint.protocol() == ServingEndpoint.Protocol.EMBEDDED_ENCODER) {
                if (!EMBEDDED_URL.matcher(url).matches()) {
                    violations.add(new FieldViolation(at + ".url", "must be embedded:<encoder name> for an embedded encoder"));
                }
                if (endpoint.secretRef() != null) {
                    violations.add(new FieldViolation(at + ".secretRef", "an embedded encoder needs no credential"));
                }
                continue;
            }
            if (!HTTP_URL.matcher(url).matches()) {
                // credentials in a URL (user:password@host, ?api_key=) fail here too, and are not echoed
                violations.add(new FieldViolation(at + ".url",
                        "must be an http(s) URL without credentials or query, at most 500 characters"));
            } else if (url.length() > 500) {
                violations.add(new FieldViolation(at + ".url", "must be at most 500 characters"));
            }
            if (endpoint.secretRef() != null && !SECRET_REF.matcher(endpoint.secretRef()).matches()) {
                // the value may be a pasted key: never repeat it
                violations.add(new FieldViolation(at + ".secretRef",
                        "must be a reference, k8s:<secret>/<key> or env:<VARIABLE>, never the secret itself"));
            }
        }
    }

    private static void properties(List<FieldViolation> violations, java.util.Map<String, String> properties) {
        if (properties.size() > MAX_PROPERTIES) {
            violations.add(new FieldViolation("properties", "must have at most " + MAX_PROPERTIES + " entries"));
        }
        properties.forEach((key, value) -> {
            if (!PROPERTY_KEY.matcher(key).matches()) {
                violations.add(new FieldViolation("properties." + key,
                        "key must be letters, digits, '.', '_', '-', ':' or '/', at most 100"));
            } else if (value == null || value.length() > MAX_PROPERTY_VALUE) {
                violations.add(new FieldViolation("properties." + key,
                        "value must be a text of at most " + MAX_PROPERTY_VALUE + " characters"));
            }
        });
    }

    private static void lineage(List<FieldViolation> violations, Lineage lineage) {
        if (lineage.baseModelId() != null && !MODEL_ID.matcher(lineage.baseModelId()).matches()) {
            violations.add(new FieldViolation("lineage.baseModelId", "must be a catalog model id (a lower-case UUID)"));
        }
        if (lineage.artifactUri() != null && !ARTIFACT_URI.matcher(lineage.artifactUri()).matches()) {
            violations.add(new FieldViolation("lineage.artifactUri",
                    "must be an s3:, gs:, http(s):, oci:, file:, hf:, pvc: or tuning: URI of at most 500 characters"));
        }
        if (lineage.tuningJobId() != null && !JOB_ID.matcher(lineage.tuningJobId()).matches()) {
            violations.add(new FieldViolation("lineage.tuningJobId", "must be letters, digits, '.', '_' or '-', at most 100"));
        }
        if (lineage.datasetSha256() != null && !SHA256.matcher(lineage.datasetSha256()).matches()) {
            violations.add(new FieldViolation("lineage.datasetSha256", "must be 64 lower-case hex digits"));
        }
        if (lineage.artifactKind() != null && lineage.artifactUri() == null) {
            violations.add(new FieldViolation("lineage.artifactUri", "is required with artifactKind"));
        }
    }

    private static void reportedResults(List<FieldViolation> violations, List<ReportedResult> results) {
        if (results.size() > MAX_REPORTED_RESULTS) {
            violations.add(new FieldViolation("reportedResults", "must have at most " + MAX_REPORTED_RESULTS + " entries"));
        }
        for (int i = 0; i < results.size(); i++) {
            ReportedResult r = results.get(i);
            String at = "reportedResults[" + i + "]";
            for (var required : List.of(java.util.Map.entry("taskType", nullToEmpty(r.taskType())),
                    java.util.Map.entry("datasetType", nullToEmpty(r.datasetType())),
                    java.util.Map.entry("datasetName", nullToEmpty(r.datasetName())),
                    java.util.Map.entry("metricType", nullToEmpty(r.metricType())))) {
                if (required.getValue().isBlank()) {
                    violations.add(new FieldViolation(at + "." + required.getKey(), "is required"));
                }
            }
            if (!Double.isFinite(r.value())) {
                violations.add(new FieldViolation(at + ".value", "must be a finite number"));
            }
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    // Hugging Face tags include upper case, ":" and "+" (e.g. "arxiv:1908.10084")
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,49}");
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}[A-Za-z0-9-]{0,18}");

    private static void facts(List<FieldViolation> violations, ModelFacts facts, long parameterCount) {
        each(violations, "facts.modalities", facts.modalities(), MODALITY, "a modality such as text, image or audio");
        if (facts.activeParameterCount() != null && (facts.activeParameterCount() < 1
                || (parameterCount > 0 && facts.activeParameterCount() > parameterCount))) {
            violations.add(new FieldViolation("facts.activeParameterCount",
                    "must be between 1 and parameterCount (" + parameterCount + ")"));
        }
        if (facts.maxOutputTokens() != null && (facts.maxOutputTokens() < 1 || facts.maxOutputTokens() > MAX_CONTEXT_WINDOW)) {
            violations.add(new FieldViolation("facts.maxOutputTokens", "must be between 1 and " + MAX_CONTEXT_WINDOW));
        }
        if (facts.hardware() != null) {
            if (io.fmp.catalog.sizing.GpuProfile.named(facts.hardware().gpu()).isEmpty()) {
                violations.add(new FieldViolation("facts.hardware.gpu", "must be one of "
                        + String.join(", ", io.fmp.catalog.sizing.GpuProfile.CATALOG.stream().map(
                        io.fmp.catalog.sizing.GpuProfile::name).toList())));
            }
            if (facts.hardware().gpuCount() < 1 || facts.hardware().gpuCount() > 64) {
                violations.add(new FieldViolation("facts.hardware.gpuCount", "must be between 1 and 64"));
            }
        }
        optionalText(violations, "facts.family", facts.family(), 100);
        optionalText(violations, "facts.description", facts.description(), 2000);
        each(violations, "facts.languages", facts.languages(), LANGUAGE, "an ISO 639 code such as en or de");
        each(violations, "facts.tags", facts.tags(), TAG, "letters, digits, '.', '_', ':', '+' or '-', at most 50");
        each(violations, "facts.dataRegions", List.copyOf(new java.util.TreeSet<>(facts.dataRegions())), REGION,
                "a region code such as EU, US or CH");
        if (facts.apiPrice() != null && !(facts.apiPrice().usdPerMillionInput() >= 0
                && facts.apiPrice().usdPerMillionOutput() >= 0)) {
            violations.add(new FieldViolation("facts.apiPrice", "prices must be 0 or more"));
        }
        if (facts.shape() != null && (facts.shape().layers() < 0 || facts.shape().kvHeads() < 0 || facts.shape().headDim() < 0)) {
            violations.add(new FieldViolation("facts.shape", "layers, kvHeads and headDim must not be negative"));
        }
        httpsUrl(violations, "facts.sourceUrl", facts.sourceUrl());
        GeneralPurposeModel gpai = facts.generalPurpose();
        if (gpai != null) {
            if (gpai.trainingComputeFlops() != null && !(gpai.trainingComputeFlops() > 0
                    && gpai.trainingComputeFlops() < 1e35)) {
                violations.add(new FieldViolation("facts.generalPurpose.trainingComputeFlops",
                        "must be a positive number of floating-point operations (such as 3.8e25), under 1e35"));
            }
            httpsUrl(violations, "facts.generalPurpose.technicalDocumentation", gpai.technicalDocumentation());
            httpsUrl(violations, "facts.generalPurpose.copyrightPolicy", gpai.copyrightPolicy());
            httpsUrl(violations, "facts.generalPurpose.trainingContentSummary", gpai.trainingContentSummary());
        }
    }

    private static void httpsUrl(List<FieldViolation> violations, String field, String url) {
        if (url != null && !url.matches("https://[^\\s]{1,490}")) {
            violations.add(new FieldViolation(field, "must be an https URL of at most 500 characters"));
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
