package io.fmp.catalog.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.catalog.selection.TrainingDataTransparency;
import io.fmp.catalog.sizing.ModelShape;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.events.GeneralPurposeModel;
import org.yaml.snakeyaml.LoaderOptions;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The catalog YAML format (apiVersion {@code fmp.io/v1}, kind {@code ModelCatalog}): a list of
 * model cards. Parsing checks every entry and reports each bad one by its position
 * ({@code models[3].license}), so an import either takes the whole file or nothing.
 */
public final class CatalogYaml {

    static final String API_VERSION = "fmp.io/v1";
    static final String KIND = "ModelCatalog";

    /** SnakeYAML stops at 3 M code points by default; a catalog file may be as large as the gateway accepts (16 MiB). */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 << 20);
        return options;
    }

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build()
            .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "3.10" must stay a string, not become the number 3.1
            .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY);

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY);

    /** The file as a whole, for writing. */
    record CatalogFile(String apiVersion, String kind, List<Entry> models) {
    }

    record Entry(String name, String provider, String version, Long parameterCount, String license,
                 Integer contextWindow, List<String> tasks, Facts facts, List<Endpoint> endpoints,
                 java.util.SortedMap<String, String> properties, LineageEntry lineage,
                 List<ReportedResult> reportedResults, String documentation) {
    }

    record Facts(String family, String description, List<String> languages, String architecture,
                 List<String> deploymentOptions, String trainingData, Boolean ipIndemnity, Price apiPrice,
                 Shape shape, List<String> dataRegions, List<String> tags, String sourceUrl, List<String> modalities,
                 Long activeParameterCount, Integer maxOutputTokens, ModelFacts.Hardware hardware,
                 GeneralPurposeModel generalPurpose) {
    }

    record Endpoint(String protocol, String url, String secretRef) {
    }

    record LineageEntry(String baseModelId, String artifactKind, String artifactUri, String tuningJobId,
                        String datasetSha256) {
    }

    record Price(double usdPerMillionInput, double usdPerMillionOutput) {
    }

    record Shape(int layers, int kvHeads, int headDim) {
    }

    private CatalogYaml() {
    }

    /** Every card of the file, or InvalidInputException naming every problem of every entry. */
    public static List<ModelCardSpec> parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("file", "is not valid YAML at line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage());
        }
        List<FieldViolation> violations = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("file", "must be a mapping with apiVersion, kind and models");
        }
        if (!API_VERSION.equals(root.path("apiVersion").asText())) {
            violations.add(new FieldViolation("apiVersion", "must be " + API_VERSION));
        }
        if (!KIND.equals(root.path("kind").asText())) {
            violations.add(new FieldViolation("kind", "must be " + KIND));
        }
        JsonNode models = root.path("models");
        if (!models.isArray()) {
            violations.add(new FieldViolation("models", "must be a list of model cards"));
            throw new InvalidInputException(violations);
        }
        List<ModelCardSpec> cards = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < models.size(); i++) {
            String at = "models[" + i + "]";
            ModelCardSpec card = parseEntry(models.get(i), at, violations);
            if (card != null) {
                cards.add(card);
            }
            if (!seen.add(models.get(i).path("name").asText() + "\u0000" + models.get(i).path("version").asText())) {
                violations.add(new FieldViolation(at, "repeats " + models.get(i).path("name").asText() + " "
                        + models.get(i).path("version").asText()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return cards;
    }

    /**
     * One card in this format (a mapping such as an entry of {@code models}); null with violations
     * (fields prefixed with {@code at}) when it is not a valid card.
     */
    public static ModelCardSpec parseEntry(JsonNode node, String at, List<FieldViolation> violations) {
        try {
            int before = violations.size();
            ModelCardSpec card = toSpec(YAML.treeToValue(node, Entry.class), at, violations);
            if (card == null) {
                return null;
            }
            ModelCardValidator.violations(card).forEach(v ->
                    violations.add(new FieldViolation(at + "." + v.field(), v.message())));
            return violations.size() > before ? null : card;
        } catch (UnrecognizedPropertyException e) {
            violations.add(new FieldViolation(at + "." + e.getPropertyName(), "is not a known field"));
        } catch (JsonProcessingException e) {
            violations.add(new FieldViolation(at, e.getOriginalMessage()));
        }
        return null;
    }

    /** One card in this format as a tree, e.g. to embed it in another document. */
    public static com.fasterxml.jackson.databind.node.ObjectNode toNode(ModelCardSpec card) {
        return YAML.valueToTree(toEntry(card));
    }

    private static ModelCardSpec toSpec(Entry e, String at, List<FieldViolation> violations) {
        if (e.parameterCount() == null || e.contextWindow() == null) {
            violations.add(new FieldViolation(at, "parameterCount and contextWindow are required"));
            return null;
        }
        ModelFacts facts = facts(e, at, violations);
        List<ServingEndpoint> endpoints = new ArrayList<>();
        List<Endpoint> given = e.endpoints() == null ? List.of() : e.endpoints();
        for (int j = 0; j < given.size(); j++) {
            ServingEndpoint.Protocol protocol = word(ServingEndpoint.Protocol.class, given.get(j).protocol(),
                    at + ".endpoints[" + j + "].protocol", "openai-chat, openai-completions or embedded-encoder",
                    violations);
            endpoints.add(new ServingEndpoint(protocol, given.get(j).url(), given.get(j).secretRef()));
        }
        LineageEntry l = e.lineage();
        Lineage lineage = l == null ? ModelCardSpec.NO_LINEAGE : new Lineage(l.baseModelId(),
                word(Lineage.ArtifactKind.class, l.artifactKind(), at + ".lineage.artifactKind",
                        "full-weights, adapter or head", violations),
                l.artifactUri(), l.tuningJobId(), l.datasetSha256());
        return new ModelCardSpec(e.name(), e.provider(), e.version(), e.parameterCount(), e.license(),
                e.contextWindow(), e.tasks(), facts, endpoints, e.properties(), lineage, e.reportedResults(),
                e.documentation());
    }

    private static ModelFacts facts(Entry e, String at, List<FieldViolation> violations) {
        Facts f = e.facts();
        ModelFacts facts = ModelFacts.none();
        if (f != null) {
            Set<DeploymentMode> modes = EnumSet.noneOf(DeploymentMode.class);
            List<String> options = f.deploymentOptions() == null ? List.of() : f.deploymentOptions();
            for (int j = 0; j < options.size(); j++) {
                DeploymentMode mode = word(DeploymentMode.class, options.get(j), at + ".facts.deploymentOptions[" + j + "]",
                        "on-prem, cloud, hybrid or edge", violations);
                if (mode != null) {
                    modes.add(mode);
                }
            }
            ModelFacts.Architecture architecture = word(ModelFacts.Architecture.class, f.architecture(),
                    at + ".facts.architecture", "decoder, encoder, encoder-decoder or mixture-of-experts", violations);
            TrainingDataTransparency trainingData = word(TrainingDataTransparency.class, f.trainingData(),
                    at + ".facts.trainingData", "none, summary or full", violations);
            facts = new ModelFacts(f.family(), f.description(), f.languages(), architecture, modes, trainingData,
                    Boolean.TRUE.equals(f.ipIndemnity()),
                    f.apiPrice() == null ? null : new ModelFacts.ApiPrice(f.apiPrice().usdPerMillionInput(),
                            f.apiPrice().usdPerMillionOutput()),
                    f.shape() == null ? null : new ModelShape(e.parameterCount(), f.shape().layers(),
                            f.shape().kvHeads(), f.shape().headDim()),
                    f.dataRegions() == null ? Set.of() : Set.copyOf(f.dataRegions()), f.tags(), f.sourceUrl(),
                    f.modalities(), f.activeParameterCount(), f.maxOutputTokens(), f.hardware(), f.generalPurpose());
        }
        return facts;
    }

    /** Writes cards in this format; {@link #parse} reads the result back to equal cards. */
    public static String write(List<ModelCardSpec> cards) {
        List<Entry> entries = cards.stream().map(CatalogYaml::toEntry).toList();
        try {
            return YAML.writeValueAsString(new CatalogFile(API_VERSION, KIND, entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write catalog YAML", e);
        }
    }

    /** Canonical JSON of one card (sets sorted, empty values left out), e.g. for content digests. */
    static String canonicalJson(ModelCardSpec card) {
        try {
            return JSON.writeValueAsString(toEntry(card));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write card JSON", e);
        }
    }

    private static Entry toEntry(ModelCardSpec card) {
        ModelFacts f = card.facts();
        Facts facts = new Facts(f.family(), f.description(), f.languages(),
                f.architecture() == null ? null : word(f.architecture().name()),
                f.deploymentOptions().stream().sorted().map(mode -> word(mode.name())).toList(),
                word(f.trainingData().name()), f.ipIndemnity() ? Boolean.TRUE : null,
                f.apiPrice() == null ? null : new Price(f.apiPrice().usdPerMillionInput(), f.apiPrice().usdPerMillionOutput()),
                f.shape() == null ? null : new Shape(f.shape().layers(), f.shape().kvHeads(), f.shape().headDim()),
                f.dataRegions().stream().sorted().toList(), f.tags(), f.sourceUrl(), f.modalities(),
                f.activeParameterCount(), f.maxOutputTokens(), f.hardware(), f.generalPurpose());
        List<Endpoint> endpoints = card.endpoints().stream().map(ep -> new Endpoint(
                ep.protocol() == null ? null : word(ep.protocol().name()), ep.url(), ep.secretRef())).toList();
        Lineage l = card.lineage();
        LineageEntry lineage = l.isEmpty() ? null : new LineageEntry(l.baseModelId(),
                l.artifactKind() == null ? null : word(l.artifactKind().name()), l.artifactUri(), l.tuningJobId(),
                l.datasetSha256());
        return new Entry(card.name(), card.provider(), card.version(), card.parameterCount(), card.license(),
                card.contextWindow(), card.tasks(), facts, endpoints, new java.util.TreeMap<>(card.properties()),
                lineage, card.reportedResults(), card.documentation());
    }

    /** The word an enum constant is written as: ON_PREM -> on-prem. */
    static String word(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The enum constant a word such as "on-prem" names; null (with a violation) for anything else, null for null. */
    private static <E extends Enum<E>> E word(Class<E> type, String word, String field, String expected,
                                              List<FieldViolation> violations) {
        if (word == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, word.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException unknown) {
            violations.add(new FieldViolation(field, "must be " + expected));
            return null;
        }
    }
}
