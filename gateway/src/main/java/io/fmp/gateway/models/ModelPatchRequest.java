package io.fmp.gateway.models;

import com.google.protobuf.FieldMask;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.UpdateModelRequest;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.JsonBinder;
import io.fmp.gateway.validation.JsonObjectReader;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code PATCH /api/v1/models/{id}}, a merge patch: the fields present are the fields to change,
 * in the order sent. The record describes it (and binds each field); {@link #parse} reads the body field
 * by field, because which fields it has is its meaning. Content fields are passed on too, so the catalog
 * can say why they cannot change.
 */
@Schema(name = "ModelPatchRequest", description = "Mutable metadata to change; absent fields stay as they are")
public record ModelPatchRequest(
        @Schema(description = "Any of description, tags, apiPrice, dataRegions, deploymentOptions, hardware")
        ModelFactsJson facts,
        List<CardPartsJson.Endpoint> endpoints,
        Map<String, String> properties,
        String documentation,
        @Schema(description = "deprecated or retired (approval comes from governance)")
        ApiEnums.LifecycleState lifecycleState,
        @Schema(description = "Why, recorded in the events", example = "superseded by 3.1") String reason,
        @Schema(description = "Immutable: named in the error if sent") String name,
        @Schema(description = "Immutable: named in the error if sent") String provider,
        @Schema(description = "Immutable: named in the error if sent") String version,
        @Schema(description = "Immutable: named in the error if sent") Long parameterCount,
        @Schema(description = "Immutable: named in the error if sent") String license,
        @Schema(description = "Immutable: named in the error if sent") Integer contextWindow,
        @Schema(description = "Immutable: named in the error if sent") List<String> tasks,
        @Schema(description = "Immutable: named in the error if sent") List<CardPartsJson.Result> reportedResults,
        @Schema(description = "Immutable: named in the error if sent") CardPartsJson.LineageJson lineage) {

    @SuppressWarnings("unchecked")
    static UpdateModelRequest parse(String id, String body, Long expectedRevision) {
        JsonObjectReader reader = JsonObjectReader.parse(body, JsonBinder.fieldNames(ModelPatchRequest.class));
        List<String> paths = new ArrayList<>();
        ModelCardSpec.Builder values = ModelCardSpec.newBuilder();
        UpdateModelRequest.Builder update = UpdateModelRequest.newBuilder().setId(id);
        List<CardPartsJson.Endpoint> endpoints = null;
        Map<String, String> properties = null;
        List<CardPartsJson.Result> results = null;
        CardPartsJson.LineageJson lineage = null;
        String documentation = null;
        for (String field : reader.fieldNames()) {
            if (!JsonBinder.fieldNames(ModelPatchRequest.class).contains(field)) {
                continue;
            }
            Object value = JsonBinder.component(reader, ModelPatchRequest.class, field);
            switch (field) {
                case "reason" -> {
                    if (value != null) {
                        update.setReason((String) value);
                    }
                    continue;
                }
                case "facts" -> {
                    if (value != null) {
                        values.setFacts(((ModelFactsJson) value).proto());
                    }
                    reader.fieldNamesOf("facts").forEach(name -> paths.add("facts." + name));
                    continue;
                }
                case "lifecycleState" -> {
                    if (value != null) {
                        update.setLifecycleState(ApiEnums.toProto((ApiEnums.LifecycleState) value,
                                io.fmp.contracts.catalog.v1.LifecycleState.class));
                    }
                }
                case "endpoints" -> endpoints = (List<CardPartsJson.Endpoint>) value;
                case "properties" -> properties = (Map<String, String>) value;
                case "reportedResults" -> results = (List<CardPartsJson.Result>) value;
                case "lineage" -> lineage = (CardPartsJson.LineageJson) value;
                case "documentation" -> documentation = (String) value;
                default -> {
                    // an immutable field: in the mask, so the catalog names it
                }
            }
            paths.add(field);
        }
        ModelCardRequest.parts(values, endpoints, properties, results, lineage, documentation);
        if (paths.isEmpty()) {
            reader.reject("body", "names no field to change");
        }
        reader.requireValid();
        if (expectedRevision != null) {
            update.setExpectedRevision(expectedRevision);
        }
        return update.setCard(values).setUpdateMask(FieldMask.newBuilder().addAllPaths(paths)).build();
    }
}
