package io.fmp.gateway.downstream;

import jakarta.inject.Inject;
import io.fmp.gateway.GatewayConfig;
import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.ExportModelsRequest;
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
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * catalog-service over gRPC, behind a per-call deadline, an overall timeout, retries on transport
 * failures (not for registration) and a circuit breaker per method.
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class CatalogClient {

    private static final String SERVICE = "catalog-service";

    @GrpcClient("catalog")
    CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

    @Inject
    GatewayConfig config;

    /** Not retried: a registration that reached the catalog before the failure must not be repeated. */
    @Retry(maxRetries = 0)
    public ModelCard register(ModelCardSpec card) {
        return Downstream.call(SERVICE, () -> stub().registerModel(RegisterModelRequest.newBuilder().setCard(card).build()));
    }

    public ModelCard get(String id) {
        return get(GetModelRequest.newBuilder().setId(id).build());
    }

    /** By id, name + version or name + alias. */
    public ModelCard get(GetModelRequest request) {
        return Downstream.call(SERVICE, () -> stub().getModel(request));
    }

    /** Not retried: the revision check makes a repeat fail, and a client must learn whether it applied. */
    @Retry(maxRetries = 0)
    public ModelCard update(UpdateModelRequest request) {
        return Downstream.call(SERVICE, () -> stub().updateModel(request));
    }

    /** Pointing an alias where it points already changes nothing, so this may be retried. */
    public ModelCard setAlias(SetAliasRequest request) {
        return Downstream.call(SERVICE, () -> stub().setAlias(request));
    }

    public List<ModelCard> versions(String name) {
        return Downstream.call(SERVICE, () -> stub().listModelVersions(ListModelVersionsRequest.newBuilder()
                .setName(name).build()).getVersionsList());
    }

    /** Not retried, like registration. */
    @Retry(maxRetries = 0)
    public ModelCard importHuggingFace(ImportHuggingFaceCardRequest request) {
        return Downstream.call(SERVICE, () -> stub().importHuggingFaceCard(request));
    }

    public String exportHuggingFace(String id) {
        return Downstream.call(SERVICE, () -> stub().exportHuggingFaceCard(ExportHuggingFaceCardRequest.newBuilder()
                .setId(id).build()).getReadme());
    }

    public FitEstimate estimateFit(EstimateFitRequest request) {
        return Downstream.call(SERVICE, () -> stub().estimateFit(request));
    }

    public CostEstimate estimateCost(EstimateCostRequest request) {
        return Downstream.call(SERVICE, () -> stub().estimateCost(request));
    }

    public Recommendation recommend(RecommendRequest request) {
        return Downstream.call(SERVICE, () -> stub().recommend(request));
    }

    /**
     * Not retried, like registration, and with the longer bulk deadline: a file of thousands of cards
     * takes seconds, and a client told "unavailable" while the import commits would not know its state.
     */
    @Retry(maxRetries = 0)
    @Timeout(value = 130, unit = ChronoUnit.SECONDS)
    public List<ModelCard> importModels(String catalogYaml) {
        return Downstream.call(SERVICE, () -> catalog.withDeadlineAfter(config.downstream().importDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .importModels(
                ImportModelsRequest.newBuilder().setCatalogYaml(catalogYaml).build()).getImportedList());
    }

    public SearchModelsResponse search(SearchModelsRequest request) {
        return Downstream.call(SERVICE, () -> stub().searchModels(request));
    }

    public String exportModels() {
        return Downstream.call(SERVICE, () -> stub().exportModels(ExportModelsRequest.getDefaultInstance())
                .getCatalogYaml());
    }

    private CatalogServiceGrpc.CatalogServiceBlockingStub stub() {
        return catalog.withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
