package io.fmp.gateway.models;

import com.google.protobuf.FieldMask;
import io.fmp.contracts.catalog.v1.LifecycleState;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.UpdateModelRequest;
import io.fmp.gateway.validation.ApiWords;
import io.fmp.gateway.validation.JsonObjectReader;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code PATCH /api/v1/models/{id}}: the fields present are the fields to change (a merge
 * patch). The record is the OpenAPI schema; {@link #parse} turns a raw body into an update mask.
 * Content fields are passed on too, so the catalog can say why they cannot change.
 */
@Schema(name = "ModelPatchRequest", description = "Mutable metadata to change; absent fields stay as they are")
public record ModelPatchRequest(
        @Schema(description = "Any of description, tags, apiPrice, dataRegions, deploymentOptions, hardware",
                implementation = ModelFactsJson.Response.class) Object facts,
        @Schema(implementation = CardPartsJson.Endpoint[].class) Object endpoints,
        Map<String, String> properties,
        String documentation,
        @Schema(description = "deprecated or retired (approval comes from governance)", example = "deprecated")
        String lifecycleState,
        @Schema(description = "Why, recorded in the events", example = "superseded by 3.1") String reason) {

    private static final Set<String> OWN_FIELDS = Set.of("lifecycleState", "reason");

    static UpdateModelRequest parse(String id, String body, Long expectedRevision) {
        Set<String> known = new HashSet<>(ModelCardRequest.FIELDS);
        known.addAll(OWN_FIELDS);
        JsonObjectReader reader = JsonObjectReader.parse(body, known);
        List<String> paths = new ArrayList<>();
        ModelCardSpec.Builder values = ModelCardSpec.newBuilder();
        UpdateModelRequest.Builder update = UpdateModelRequest.newBuilder().setId(id);
        for (String field : reader.fieldNames()) {
            if (!known.contains(field) || field.equals("reason")) {
                continue;
            }
            if (field.equals("facts")) {
                JsonObjectReader facts = reader.requiredObject("facts", ModelFactsJson.FIELDS);
                if (facts != null) {
                    values.setFacts(ModelFactsJson.read(facts));
                    facts.fieldNames().forEach(name -> paths.add("facts." + name));
                }
            } else if (field.equals("lifecycleState")) {
                LifecycleState state = reader.optionalEnum("lifecycleState", ApiWords.LIFECYCLE_STATES);
                if (state != null) {
                    update.setLifecycleState(state);
                }
                paths.add(field);
            } else {
                paths.add(field);
            }
        }
        CardPartsJson.readInto(reader, values);
        String reason = reader.optionalString("reason");
        if (paths.isEmpty()) {
            reader.reject("body", "names no field to change");
        }
        reader.requireValid();
        if (reason != null) {
            update.setReason(reason);
        }
        if (expectedRevision != null) {
            update.setExpectedRevision(expectedRevision);
        }
        return update.setCard(values).setUpdateMask(FieldMask.newBuilder().addAllPaths(paths)).build();
    }
}
