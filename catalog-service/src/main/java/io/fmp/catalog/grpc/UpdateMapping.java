package io.fmp.catalog.grpc;

import io.fmp.catalog.model.ModelUpdate;
import io.fmp.contracts.catalog.v1.UpdateModelRequest;

import java.util.Arrays;
import java.util.stream.Collectors;

/** UpdateModel requests to the domain: field-mask paths (snake_case, as protobuf writes them) to card paths. */
final class UpdateMapping {

    private UpdateMapping() {
    }

    static ModelUpdate update(UpdateModelRequest request) {
        return new ModelUpdate(request.getUpdateMask().getPathsList().stream().map(UpdateMapping::cardPath).toList(),
                ModelCardMapping.fromProto(request.getCard()), ProtoEnums.lifecycleState(request.getLifecycleState()),
                request.hasExpectedRevision() ? request.getExpectedRevision() : null,
                ModelCardMapping.blankToNull(request.getReason()));
    }

    /** {@code facts.api_price} -> {@code facts.apiPrice}; camelCase paths pass unchanged. */
    static String cardPath(String maskPath) {
        return Arrays.stream(maskPath.split("\\.", -1)).map(segment -> {
            String[] words = segment.split("_", -1);
            StringBuilder camel = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                camel.append(words[i].isEmpty() ? "_" : Character.toUpperCase(words[i].charAt(0)) + words[i].substring(1));
            }
            return camel.toString();
        }).collect(Collectors.joining("."));
    }
}
