package io.fmp.catalog.grpc;

import io.fmp.catalog.snapshot.CatalogIndex;
import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.search.ModelQuery;
import io.fmp.catalog.search.ModelSearch;
import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.catalog.v1.SearchModelsResponse;

/** Search requests and pages between protobuf and the domain. */
final class SearchMapping {

    private SearchMapping() {
    }

    static ModelQuery query(SearchModelsRequest r) {
        DeploymentMode option = ProtoEnums.deploymentMode(r.getDeploymentOption());
        LifecycleState state = ProtoEnums.lifecycleState(r.getLifecycleState());
        CatalogIndex.Order sort = switch (r.getSort()) {
            case MODEL_SORT_PARAMETERS -> CatalogIndex.Order.PARAMETERS;
            case MODEL_SORT_CONTEXT_WINDOW -> CatalogIndex.Order.CONTEXT_WINDOW;
            case MODEL_SORT_REGISTERED_AT -> CatalogIndex.Order.REGISTERED_AT;
            default -> CatalogIndex.Order.NAME;
        };
        return new ModelQuery(blankToNull(r.getText()), blankToNull(r.getTask()), blankToNull(r.getLanguage()),
                blankToNull(r.getLicense()), r.hasCommercialUse() ? r.getCommercialUse() : null,
                r.hasMinParameters() ? r.getMinParameters() : null, r.hasMaxParameters() ? r.getMaxParameters() : null,
                r.hasMinContextWindow() ? r.getMinContextWindow() : null, option, state, blankToNull(r.getTag()),
                blankToNull(r.getProvider()), blankToNull(r.getName()), blankToNull(r.getBaseModelId()), sort, r.getDescending(), r.getPageSize(), blankToNull(r.getPageToken()));
    }

    static SearchModelsResponse toProto(ModelSearch.Page page,
                                        java.util.function.Function<io.fmp.catalog.snapshot.CatalogEntry, ModelCard> cards) {
        SearchModelsResponse.Builder response = SearchModelsResponse.newBuilder()
                .addAllModels(page.models().stream().map(cards).toList());
        if (page.nextPageToken() != null) {
            response.setNextPageToken(page.nextPageToken());
        }
        return response.build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
