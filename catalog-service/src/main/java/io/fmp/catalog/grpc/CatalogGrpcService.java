package io.fmp.catalog.grpc;

import io.fmp.catalog.model.ModelCatalog;
import io.fmp.catalog.search.ModelSearch;
import io.fmp.catalog.selection.ModelSelection;
import io.fmp.contracts.catalog.v1.CatalogService;
import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.ExportModelsRequest;
import io.fmp.contracts.catalog.v1.ExportModelsResponse;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.ImportModelsRequest;
import io.fmp.contracts.catalog.v1.ImportModelsResponse;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.Recommendation;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.catalog.v1.SearchModelsResponse;
import io.fmp.contracts.errors.GrpcErrors;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** gRPC adapter of {@link ModelCatalog} and the sizing and costing estimators. */
@GrpcService
@Blocking
public class CatalogGrpcService implements CatalogService {

    @Inject
    ModelCatalog catalog;

    @Inject
    ModelSelection selection;

    @Inject
    ModelSearch search;

    @Override
    public Uni<ModelCard> registerModel(RegisterModelRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(
                () -> ModelCardMapping.toProto(catalog.register(ModelCardMapping.fromProto(request.getCard())))));
    }

    @Override
    public Uni<ModelCard> getModel(GetModelRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(
                () -> ModelCardMapping.toProto(catalog.get(request.getId()))));
    }

    @Override
    public Uni<SearchModelsResponse> searchModels(SearchModelsRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(
                () -> SearchMapping.toProto(search.search(SearchMapping.query(request)))));
    }

    @Override
    public Uni<ImportModelsResponse> importModels(ImportModelsRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(() -> ImportModelsResponse.newBuilder()
                .addAllImported(catalog.importAll(request.getCatalogYaml()).stream().map(ModelCardMapping::toProto).toList())
                .build()));
    }

    @Override
    public Uni<ExportModelsResponse> exportModels(ExportModelsRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(
                () -> ExportModelsResponse.newBuilder().setCatalogYaml(catalog.exportAll()).build()));
    }

    @Override
    public Uni<FitEstimate> estimateFit(EstimateFitRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(() -> EstimateMapping.fit(request)));
    }

    @Override
    public Uni<Recommendation> recommend(RecommendRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(() -> SelectionMapping.toProto(
                selection.recommend(SelectionMapping.profile(request), SelectionMapping.workload(request)))));
    }

    @Override
    public Uni<CostEstimate> estimateCost(EstimateCostRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(() -> EstimateMapping.cost(request)));
    }
}
