package io.fmp.catalog.huggingface;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fmp.catalog.model.CatalogYaml;
import io.fmp.catalog.model.ModelCardSpec;
import io.fmp.catalog.model.ReportedResult;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hugging Face model cards: README.md with YAML front matter (license, language, pipeline_tag,
 * tags, model-index results, ...) and a Markdown body. Front matter keys the catalog models become
 * card fields; every other key is kept verbatim as a property {@code hf:<key>} (JSON); facts
 * Hugging Face cards do not carry (provider, version, size, context window, deployment facts,
 * endpoints, lineage) travel in an {@code fmp} block. Exporting an imported card gives the same
 * front matter back, plus that block.
 */
public final class HuggingFaceCard {

    /** Properties that hold front matter keys the catalog does not model. */
    public static final String PROPERTY_PREFIX = "hf:";
    static final String FMP_BLOCK = "fmp";
    private static final String DELIMITER = "---";
    private static final Set<String> MODELLED = Set.of("license", "language", "pipeline_tag", "tags", "model-index",
            FMP_BLOCK);
    private static final String MODEL_INDEX_NAME = "model-index.name";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What the import request adds to the README. */
    public record ImportFacts(String repoId, String version, long parameterCount, int contextWindow) {
    }

    private HuggingFaceCard() {
    }

    /** The card a README describes; InvalidInputException names every problem. */
    public static ModelCardSpec parse(String readme, ImportFacts given) {
        if (readme == null || readme.isBlank()) {
            throw new InvalidInputException("readme", "is required");
        }
        String text = readme.startsWith("\uFEFF") ? readme.substring(1) : readme;
        String[] lines = text.split("\n", -1);
        if (!lines[0].strip().equals(DELIMITER)) {
            throw new InvalidInputException("readme", "must start with YAML front matter: a line '---', the YAML, a line '---'");
        }
        int close = 1;
        while (close < lines.length && !lines[close].strip().equals(DELIMITER)) {
            close++;
        }
        if (close == lines.length) {
            throw new InvalidInputException("readme", "front matter opened on line 1 is never closed with '---'");
        }
        String yaml = String.join("\n", java.util.Arrays.asList(lines).subList(1, close));
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("readme", "front matter is not valid YAML at line "
                    + (e.getLocation().getLineNr() + 1) + ": " + e.getOriginalMessage());
        }
        ObjectNode front = root instanceof ObjectNode object ? object.deepCopy() : NODES.objectNode();
        if (root != null && !root.isNull() && !root.isObject()) {
            throw new InvalidInputException("readme", "front matter must be a YAML mapping");
        }
        String body = String.join("\n", java.util.Arrays.asList(lines).subList(close + 1, lines.length));

        List<FieldViolation> violations = new ArrayList<>();
        ObjectNode entry = front.path(FMP_BLOCK).isObject() ? ((ObjectNode) front.get(FMP_BLOCK)).deepCopy()
                : NODES.objectNode();
        identity(entry, given, violations);
        if (front.hasNonNull("license")) {
            entry.set("license", front.get("license"));
        }
        ObjectNode facts = entry.path("facts").isObject() ? (ObjectNode) entry.get("facts") : entry.putObject("facts");
        if (front.has("language")) {
            facts.set("languages", asList(front.get("language")));
        }
        if (front.has("tags")) {
            facts.set("tags", asList(front.get("tags")));
        }
        if (!entry.has("tasks")) {
            List<String> tasks = tasks(front);
            if (tasks.isEmpty()) {
                violations.add(new FieldViolation("readme.pipeline_tag",
                        "is required (the task, e.g. text-classification): the card has neither it nor model-index task types"));
            } else {
                tasks.forEach(entry.putArray("tasks")::add);
            }
        }
        ObjectNode properties = entry.path("properties").isObject() ? (ObjectNode) entry.get("properties")
                : entry.putObject("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = front.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!MODELLED.contains(field.getKey())) {
                properties.put(PROPERTY_PREFIX + field.getKey(), field.getValue().toString());
            }
        }
        if (front.has("model-index")) {
            entry.set("reportedResults", JSON.valueToTree(results(front.get("model-index"),
                    entry.path("name").asText(), violations)));
        }
        if (!body.isBlank()) {
            entry.put("documentation", body);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        ModelCardSpec card = CatalogYaml.parseEntry(entry, "readme", violations);
        if (card == null) {
            throw new InvalidInputException(violations);
        }
        return card;
    }

    /** pipeline_tag, else the task types its model-index reports results for (the Hub infers the same way). */
    private static List<String> tasks(ObjectNode front) {
        java.util.LinkedHashSet<String> tasks = new java.util.LinkedHashSet<>();
        if (front.hasNonNull("pipeline_tag")) {
            tasks.add(front.get("pipeline_tag").asText());
        } else {
            for (JsonNode model : front.path("model-index")) {
                for (JsonNode result : model.path("results")) {
                    if (result.path("task").hasNonNull("type")) {
                        tasks.add(result.path("task").get("type").asText());
                    }
                }
            }
        }
        return List.copyOf(tasks);
    }

    private static void identity(ObjectNode entry, ImportFacts given, List<FieldViolation> violations) {
        String repoId = given.repoId() == null ? "" : given.repoId();
        int slash = repoId.indexOf('/');
        if (!entry.has("name") || !entry.has("provider")) {
            if (slash < 1 || slash == repoId.length() - 1 || repoId.indexOf('/', slash + 1) >= 0) {
                violations.add(new FieldViolation("repoId", "must be a Hugging Face repository id, <owner>/<name>"));
            } else {
                if (!entry.has("provider")) {
                    entry.put("provider", repoId.substring(0, slash));
                }
                if (!entry.has("name")) {
                    entry.put("name", repoId.substring(slash + 1));
                }
            }
        }
        if (!entry.has("version")) {
            if (given.version() == null || given.version().isBlank()) {
                violations.add(new FieldViolation("version",
                        "is required: Hugging Face cards carry none (use the revision or release you import)"));
            } else {
                entry.put("version", given.version());
            }
        }
        if (!entry.has("parameterCount")) {
            if (given.parameterCount() > 0) {
                entry.put("parameterCount", given.parameterCount());
            } else {
                violations.add(new FieldViolation("parameterCount",
                        "is required: Hugging Face front matter does not state it"));
            }
        }
        if (!entry.has("contextWindow")) {
            if (given.contextWindow() > 0) {
                entry.put("contextWindow", given.contextWindow());
            } else {
                violations.add(new FieldViolation("contextWindow",
                        "is required: Hugging Face front matter does not state it"));
            }
        }
    }

    /** model-index entries flattened to one result per metric; unmodelled keys kept as extras. */
    private static List<ReportedResult> results(JsonNode modelIndex, String cardName, List<FieldViolation> violations) {
        List<ReportedResult> results = new ArrayList<>();
        if (!modelIndex.isArray()) {
            violations.add(new FieldViolation("readme.model-index", "must be a list"));
            return results;
        }
        for (int m = 0; m < modelIndex.size(); m++) {
            JsonNode model = modelIndex.get(m);
            String indexName = model.path("name").asText(null);
            JsonNode entries = model.path("results");
            for (int r = 0; r < entries.size(); r++) {
                JsonNode result = entries.get(r);
                JsonNode task = result.path("task");
                JsonNode dataset = result.path("dataset");
                Map<String, String> shared = new TreeMap<>();
                if (indexName != null && !indexName.equals(cardName)) {
                    shared.put(MODEL_INDEX_NAME, JSON.valueToTree(indexName).toString());
                }
                extras(shared, "task", task, Set.of("type", "name"));
                extras(shared, "dataset", dataset, Set.of("type", "name", "config", "split"));
                extras(shared, "result", result, Set.of("task", "dataset", "metrics"));
                JsonNode metrics = result.path("metrics");
                for (int k = 0; k < metrics.size(); k++) {
                    JsonNode metric = metrics.get(k);
                    String at = "readme.model-index[" + m + "].results[" + r + "].metrics[" + k + "]";
                    JsonNode value = metric.path("value");
                    double number;
                    if (value.isNumber()) {
                        number = value.asDouble();
                    } else {
                        try {
                            number = Double.parseDouble(value.asText());
                        } catch (NumberFormatException e) {
                            violations.add(new FieldViolation(at + ".value", "must be a number"));
                            continue;
                        }
                    }
                    Map<String, String> extras = new TreeMap<>(shared);
                    extras(extras, "metric", metric, Set.of("type", "name", "value", "verified"));
                    if (!value.isNumber()) {
                        extras.put("metric.value", value.toString());
                    }
                    results.add(new ReportedResult(text(task, "type"), text(task, "name"), text(dataset, "type"),
                            text(dataset, "name"), text(dataset, "config"), text(dataset, "split"),
                            text(metric, "type"), text(metric, "name"), number,
                            metric.path("verified").asBoolean(false), extras));
                }
            }
        }
        return results;
    }

    private static void extras(Map<String, String> extras, String prefix, JsonNode node, Set<String> modelled) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!modelled.contains(field.getKey())) {
                extras.put(prefix + "." + field.getKey(), field.getValue().toString());
            }
        }
    }

    /** The card as a README: front matter (Hugging Face keys, kept keys, fmp block), then the body. */
    public static String write(ModelCardSpec card) {
        ObjectNode front = NODES.objectNode();
        ObjectNode entry = CatalogYaml.toNode(card);
        ObjectNode facts = entry.path("facts").isObject() ? (ObjectNode) entry.get("facts") : NODES.objectNode();
        if (facts.has("languages")) {
            front.set("language", facts.remove("languages"));
        }
        front.set("license", entry.remove("license"));
        ArrayNode tasks = (ArrayNode) entry.get("tasks");
        front.put("pipeline_tag", tasks.get(0).asText());
        if (tasks.size() == 1) {
            entry.remove("tasks");
        }
        if (facts.has("tags")) {
            front.set("tags", facts.remove("tags"));
        }
        if (facts.isEmpty()) {
            entry.remove("facts");
        }
        ObjectNode properties = (ObjectNode) entry.remove("properties");
        ObjectNode kept = NODES.objectNode();
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                if (property.getKey().startsWith(PROPERTY_PREFIX)) {
                    front.set(property.getKey().substring(PROPERTY_PREFIX.length()), json(property.getValue().asText()));
                } else {
                    kept.set(property.getKey(), property.getValue());
                }
            }
        }
        if (!kept.isEmpty()) {
            entry.set("properties", kept);
        }
        entry.remove("reportedResults");
        if (!card.reportedResults().isEmpty()) {
            front.set("model-index", modelIndex(card));
        }
        JsonNode documentation = entry.remove("documentation");
        String body = documentation == null ? "" : documentation.asText();
        front.set(FMP_BLOCK, entry);
        try {
            return DELIMITER + "\n" + YAML.writeValueAsString(front) + DELIMITER + "\n" + body;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the front matter", e);
        }
    }

    private static ArrayNode modelIndex(ModelCardSpec card) {
        // consecutive results with the same model, task and dataset share one model-index result
        Map<String, ObjectNode> models = new LinkedHashMap<>();
        ObjectNode currentResult = null;
        String currentKey = null;
        for (ReportedResult r : card.reportedResults()) {
            Map<String, String> extras = r.extras();
            String modelName = extras.containsKey(MODEL_INDEX_NAME) ? json(extras.get(MODEL_INDEX_NAME)).asText()
                    : card.name();
            ObjectNode model = models.computeIfAbsent(modelName, name -> {
                ObjectNode node = NODES.objectNode();
                node.put("name", name);
                node.putArray("results");
                return node;
            });
            ObjectNode task = NODES.objectNode();
            putText(task, "type", r.taskType());
            putText(task, "name", r.taskName());
            restore(task, "task", extras);
            ObjectNode dataset = NODES.objectNode();
            putText(dataset, "type", r.datasetType());
            putText(dataset, "name", r.datasetName());
            putText(dataset, "config", r.datasetConfig());
            putText(dataset, "split", r.datasetSplit());
            restore(dataset, "dataset", extras);
            ObjectNode resultExtras = NODES.objectNode();
            restore(resultExtras, "result", extras);
            String key = modelName + "\n" + task + "\n" + dataset + "\n" + resultExtras;
            if (!key.equals(currentKey)) {
                currentResult = NODES.objectNode();
                currentResult.set("task", task);
                currentResult.set("dataset", dataset);
                currentResult.putArray("metrics");
                currentResult.setAll(resultExtras);
                ((ArrayNode) model.get("results")).add(currentResult);
                currentKey = key;
            }
            ObjectNode metric = NODES.objectNode();
            putText(metric, "type", r.metricType());
            if (extras.containsKey("metric.value")) {
                metric.set("value", json(extras.get("metric.value")));
            } else {
                metric.put("value", r.value());
            }
            putText(metric, "name", r.metricName());
            if (r.verified()) {
                metric.put("verified", true);
            }
            restore(metric, "metric", extras);
            ((ArrayNode) currentResult.get("metrics")).add(metric);
        }
        ArrayNode index = NODES.arrayNode();
        models.values().forEach(index::add);
        return index;
    }

    private static void restore(ObjectNode node, String prefix, Map<String, String> extras) {
        extras.forEach((key, value) -> {
            if (key.startsWith(prefix + ".") && !key.equals("metric.value")) {
                node.set(key.substring(prefix.length() + 1), json(value));
            }
        });
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode asList(JsonNode node) {
        if (node.isArray()) {
            return node;
        }
        ArrayNode list = NODES.arrayNode();
        list.add(node);
        return list;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored front matter value is not JSON", e);
        }
    }
}
