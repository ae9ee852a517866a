package io.fmp.gateway.downstream;

import jakarta.inject.Inject;
import io.fmp.gateway.GatewayConfig;
import io.fmp.contracts.catalog.v1.MutinyCatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.ExportModelsRequest;
import io.fmp.contracts.catalog.v1.ExportModelsResponse;
import io.fmp.contracts.catalog.v1.ExportHuggingFaceCardResponse;
import io.fmp.contracts.catalog.v1.ImportModelsResponse;
import io.fmp.contracts.catalog.v1.ListModelVersionsResponse;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.ImportModelsRequest;
import io.fmp.contracts.catalog.v1.ExportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.ImportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.ListModelVersionsRequest;
import io.fmp.contracts.catalog.v1.SetAliasRequest;
import io.fmp.contracts.catalog.v1.UpdateModelRequest;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.Recommendation;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.catalog.v1.SearchModelsResponse;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.smallrye.mutiny.Uni;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * catalog-service over gRPC, behind a per-call deadline, retries on transport failures (not for
 * registration) and a circuit breaker per method. Calls do not block: catalog reads are the gateway's
 * hot path, and answering them on the event loop saves the hand-over to a worker thread and back,
 * which costs more than the read. The gRPC deadline is the only clock: each attempt gets a fresh one,
 * so a call ends within (retries + 1) deadlines plus the retry delays; a fault-tolerance timeout on
 * top cost a sixth of the read throughput and bounded nothing more (docs/bench/gateway.md).
 */
@ApplicationScoped
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class CatalogClient {

    private static final String SERVICE = "catalog-service";

    @GrpcClient("catalog")
    MutinyCatalogServiceGrpc.MutinyCatalogServiceStub catalog;

    @Inject
    GatewayConfig config;

    /** Not retried: a registration that reached the catalog before the failure must not be repeated. */
    @Retry(maxRetries = 0)
    public Uni<ModelCard> register(ModelCardSpec card) {
        return Downstream.async(SERVICE, () -> stub().registerModel(RegisterModelRequest.newBuilder().setCard(card).build()));
    }

    public Uni<ModelCard> get(String id) {
        return get(GetModelRequest.newBuilder().setId(id).build());
    }

    /** By id, name + version or name + alias. */
    public Uni<ModelCard> get(GetModelRequest request) {
        return Downstream.async(SERVICE, () -> stub().getModel(request));
    }

    /** Not retried: the revision check makes a repeat fail, and a client must learn whether it applied. */
    @Retry(maxRetries = 0)
    public Uni<ModelCard> update(UpdateModelRequest request) {
        return Downstream.async(SERVICE, () -> stub().updateModel(request));
    }

    /** Pointing an alias where it points already changes nothing, so this may be retried. */
    public Uni<ModelCard> setAlias(SetAliasRequest request) {
        return Downstream.async(SERVICE, () -> stub().setAlias(request));
    }

    public Uni<List<ModelCard>> versions(String name) {
        return Downstream.async(SERVICE, () -> stub().listModelVersions(ListModelVersionsRequest.newBuilder()
                .setName(name).build()).map(ListModelVersionsResponse::getVersionsList));
    }

    /** Not retried, like registration. */
    @Retry(maxRetries = 0)
    public Uni<ModelCard> importHuggingFace(ImportHuggingFaceCardRequest request) {
        return Downstream.async(SERVICE, () -> stub().importHuggingFaceCard(request));
    }

    public Uni<String> exportHuggingFace(String id) {
        return Downstream.async(SERVICE, () -> stub().exportHuggingFaceCard(ExportHuggingFaceCardRequest.newBuilder()
                .setId(id).build()).map(ExportHuggingFaceCardResponse::getReadme));
    }

    public Uni<FitEstimate> estimateFit(EstimateFitRequest request) {
        return Downstream.async(SERVICE, () -> stub().estimateFit(request));
    }

    public Uni<CostEstimate> estimateCost(EstimateCostRequest request) {
        return Downstream.async(SERVICE, () -> stub().estimateCost(request));
    }

    public Uni<Recommendation> recommend(RecommendRequest request) {
        return Downstream.async(SERVICE, () -> stub().recommend(request));
    }

    /**
     * Not retried, like registration, and with the longer bulk deadline: a file of thousands of cards
     * takes seconds, and a client told "unavailable" while the import commits would not know its state.
     */
    @Retry(maxRetries = 0)
    public Uni<List<ModelCard>> importModels(String catalogYaml) {
        return Downstream.async(SERVICE, () -> catalog.withDeadlineAfter(config.downstream().importDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .importModels(
                ImportModelsRequest.newBuilder().setCatalogYaml(catalogYaml).build()).map(ImportModelsResponse::getImportedList));
    }

    public Uni<SearchModelsResponse> search(SearchModelsRequest request) {
        return Downstream.async(SERVICE, () -> stub().searchModels(request));
    }

    public Uni<String> exportModels() {
        return Downstream.async(SERVICE, () -> stub().exportModels(ExportModelsRequest.getDefaultInstance())
                .map(ExportModelsResponse::getCatalogYaml));
    }

    private MutinyCatalogServiceGrpc.MutinyCatalogServiceStub stub() {
        return catalog.withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
