package io.fmp.catalog.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata of a registered version that may change; everything else is the version's
 * immutable content (a change there is a new version). Paths are the card's field paths.
 */
public enum MutableField {
    DESCRIPTION("facts.description"),
    TAGS("facts.tags"),
    API_PRICE("facts.apiPrice"),
    DATA_REGIONS("facts.dataRegions"),
    DEPLOYMENT_OPTIONS("facts.deploymentOptions"),
    HARDWARE("facts.hardware"),
    ENDPOINTS("endpoints"),
    PROPERTIES("properties"),
    DOCUMENTATION("documentation");

    public final String path;

    MutableField(String path) {
        this.path = path;
    }

    public static Optional<MutableField> ofPath(String path) {
        return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst();
    }

    /** {@code current} with the given fields taken from {@code values}. */
    public static ModelCardSpec apply(ModelCardSpec current, ModelCardSpec values, Set<MutableField> fields) {
        ModelFacts f = current.facts();
        ModelFacts v = values.facts();
        ModelFacts facts = new ModelFacts(f.family(), pick(fields, DESCRIPTION, f.description(), v.description()),
                f.languages(), f.architecture(),
                pick(fields, DEPLOYMENT_OPTIONS, f.deploymentOptions(), v.deploymentOptions()), f.trainingData(),
                f.ipIndemnity(), pick(fields, API_PRICE, f.apiPrice(), v.apiPrice()), f.shape(),
                pick(fields, DATA_REGIONS, f.dataRegions(), v.dataRegions()), pick(fields, TAGS, f.tags(), v.tags()),
                f.sourceUrl(), f.modalities(), f.activeParameterCount(), f.maxOutputTokens(),
                pick(fields, HARDWARE, f.hardware(), v.hardware()), f.generalPurpose());
        return new ModelCardSpec(current.name(), current.provider(), current.version(), current.parameterCount(),
                current.license(), current.contextWindow(), current.tasks(), facts,
                pick(fields, ENDPOINTS, current.endpoints(), values.endpoints()),
                pick(fields, PROPERTIES, current.properties(), values.properties()), current.lineage(),
                current.reportedResults(), pick(fields, DOCUMENTATION, current.documentation(), values.documentation()));
    }

    /** The card without its mutable metadata: what the content digest covers. */
    public static ModelCardSpec immutableContent(ModelCardSpec card) {
        ModelCardSpec blank = new ModelCardSpec(card.name(), card.provider(), card.version(), card.parameterCount(),
                card.license(), card.contextWindow(), card.tasks());
        return apply(card, blank, EnumSet.allOf(MutableField.class));
    }

    private static <T> T pick(Set<MutableField> fields, MutableField field, T current, T value) {
        return fields.contains(field) ? value : current;
    }
}
