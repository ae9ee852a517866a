package io.fmp.catalog.grpc;

import io.fmp.catalog.huggingface.HuggingFaceCard;
import io.fmp.catalog.model.ModelCatalog;
import io.fmp.catalog.search.ModelSearch;
import io.fmp.catalog.selection.ModelSelection;
import io.fmp.catalog.snapshot.CatalogSnapshot;
import io.fmp.catalog.versions.ModelAliases;
import io.fmp.catalog.versions.ModelReference;
import io.fmp.contracts.catalog.v1.CatalogService;
import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.ExportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.ExportHuggingFaceCardResponse;
import io.fmp.contracts.catalog.v1.ExportModelsRequest;
import io.fmp.contracts.catalog.v1.ExportModelsResponse;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.ImportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.ImportModelsRequest;
import io.fmp.contracts.catalog.v1.ImportModelsResponse;
import io.fmp.contracts.catalog.v1.ListModelVersionsRequest;
import io.fmp.contracts.catalog.v1.ListModelVersionsResponse;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.Recommendation;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.catalog.v1.SearchModelsResponse;
import io.fmp.contracts.catalog.v1.SetAliasRequest;
import io.fmp.contracts.catalog.v1.UpdateModelRequest;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.identity.Callers;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * gRPC adapter of the catalog: writes go to {@link ModelCatalog} and {@link ModelAliases}, reads
 * answer from the {@link CatalogSnapshot} (which a committed write has already advanced). Writes run
 * on worker threads; the lookups (get, versions, search, export of a card) stay on the event loop and
 * wait for the snapshot without blocking it: a hop to a worker costs more than the lookup itself.
 */
@GrpcService
@Blocking
public class CatalogGrpcService implements CatalogService {

    @Inject
    ModelCatalog catalog;

    @Inject
    ModelAliases aliases;

    @Inject
    CatalogSnapshot snapshot;

    @Inject
    ModelSelection selection;

    @Inject
    ModelSearch search;

    @Inject
    ModelCardCache cardMessages;

    @Override
    public Uni<ModelCard> registerModel(RegisterModelRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.CONTRIBUTOR);
            return card(catalog.register(caller, ModelCardMapping.fromProto(request.getCard())), caller);
        });
    }

    @Override
    @NonBlocking
    public Uni<ModelCard> getModel(GetModelRequest request) {
        return authorized(Principal.VIEWER, caller -> {
            ModelReference reference = new ModelReference(blank(request.getId()), blank(request.getName()),
                    blank(request.getVersion()), blank(request.getAlias()));
            return read(view -> cardMessages.of(reference.resolve(view, caller), caller));
        });
    }

    @Override
    public Uni<ModelCard> updateModel(UpdateModelRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.CONTRIBUTOR);
            catalog.update(caller, request.getId(), UpdateMapping.update(request));
            return card(request.getId(), caller);
        });
    }

    @Override
    public Uni<ModelCard> setAlias(SetAliasRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.CONTRIBUTOR);
            aliases.point(caller, request.getName(), request.getAlias(), request.getModelId());
            return card(request.getModelId(), caller);
        });
    }

    @Override
    @NonBlocking
    public Uni<ListModelVersionsResponse> listModelVersions(ListModelVersionsRequest request) {
        return authorized(Principal.VIEWER, caller -> {
            if (request.getName().isBlank()) {
                return Uni.createFrom().failure(GrpcErrors.toStatus(new InvalidInputException("name", "is required")));
            }
            return read(view -> ListModelVersionsResponse.newBuilder().addAllVersions(view.versionsOf(caller,
                    request.getName()).stream().map(entry -> cardMessages.of(entry, caller)).toList()).build());
        });
    }

    @Override
    @NonBlocking
    public Uni<SearchModelsResponse> searchModels(SearchModelsRequest request) {
        return authorized(Principal.VIEWER, caller -> read(view -> SearchMapping.toProto(search.search(view,
                SearchMapping.query(request), caller.visibleProjects()), entry -> cardMessages.of(entry, caller))));
    }

    @Override
    public Uni<ImportModelsResponse> importModels(ImportModelsRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.CONTRIBUTOR);
            List<String> ids = catalog.importAll(caller, request.getCatalogYaml());
            CatalogSnapshot.View view = snapshot.current();
            return ImportModelsResponse.newBuilder()
                    .addAllImported(ids.stream().map(id -> cardMessages.of(view.get(id).orElseThrow(), caller)).toList())
                    .build();
        });
    }

    @Override
    public Uni<ExportModelsResponse> exportModels(ExportModelsRequest request) {
        return GrpcErrors.answer(() -> ExportModelsResponse.newBuilder().setCatalogYaml(catalog.exportAll(Callers.require(Principal.VIEWER))).build());
    }

    @Override
    public Uni<ModelCard> importHuggingFaceCard(ImportHuggingFaceCardRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.CONTRIBUTOR);
            return card(catalog.register(caller, HuggingFaceCard.parse(request.getReadme(),
                    new HuggingFaceCard.ImportFacts(blank(request.getRepoId()), blank(request.getVersion()),
                            request.getParameterCount(), request.getContextWindow()))), caller);
        });
    }

    @Override
    @NonBlocking
    public Uni<ExportHuggingFaceCardResponse> exportHuggingFaceCard(ExportHuggingFaceCardRequest request) {
        return authorized(Principal.VIEWER, caller -> {
            ModelReference reference = new ModelReference(blank(request.getId()), null, null, null);
            return read(view -> ExportHuggingFaceCardResponse.newBuilder()
                    .setReadme(HuggingFaceCard.write(reference.resolve(view, caller).card())).build());
        });
    }

    @Override
    public Uni<FitEstimate> estimateFit(EstimateFitRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return EstimateMapping.fit(request);
        });
    }

    @Override
    public Uni<Recommendation> recommend(RecommendRequest request) {
        return GrpcErrors.answer(() -> SelectionMapping.toProto(selection.recommend(Callers.require(Principal.VIEWER),
                SelectionMapping.profile(request),
                SelectionMapping.workload(request), request.getLimit(),
                request.hasExcludedLimit() ? request.getExcludedLimit() : null)));
    }

    @Override
    public Uni<CostEstimate> estimateCost(EstimateCostRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return EstimateMapping.cost(request);
        });
    }

    private ModelCard card(String id, Principal caller) {
        return cardMessages.of(snapshot.current().get(id).orElseThrow(), caller);
    }


    /**
     * A read for a caller with the role, who is taken from the gRPC context here, before the answer
     * continues on the event loop where that context is gone.
     */
    private static <T> Uni<T> authorized(String role, Function<Principal, Uni<T>> read) {
        Principal caller;
        try {
            caller = Callers.require(role);
        } catch (StatusRuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
        return read.apply(caller);
    }

    /** Answers from the latest snapshot, continuing on the caller's event loop once it is there. */
    private <T> Uni<T> read(Function<CatalogSnapshot.View, T> work) {
        Context caller = Vertx.currentContext();
        Executor onCaller = caller == null ? Runnable::run : task -> caller.runOnContext(ignored -> task.run());
        return Uni.createFrom().completionStage(snapshot::latest).emitOn(onCaller)
                .map(view -> GrpcErrors.call(() -> work.apply(view)))
                .onFailure(e -> !(e instanceof StatusRuntimeException)).transform(GrpcErrors::toStatus);
    }

    private static String blank(String value) {
        return ModelCardMapping.blankToNull(value);
    }
}
