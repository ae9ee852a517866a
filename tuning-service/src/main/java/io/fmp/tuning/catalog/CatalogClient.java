package io.fmp.tuning.catalog;

import jakarta.inject.Inject;
import io.fmp.tuning.TuningConfig;
import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.contracts.catalog.v1.Precision;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.tuning.jobs.BaseModelFacts;
import io.fmp.tuning.jobs.JobSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * catalog-service as tuning needs it: a base model's card when a job is submitted, the GPU-fit
 * estimate for a GPU job, and the registration of a tuned model as a new version.
 */
@ApplicationScoped
public class CatalogClient {

    @GrpcClient("catalog")
    CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

    @Inject
    TuningConfig config;

    /** The base model; empty when the catalog has no model with this id. */
    public Optional<BaseModelFacts> facts(String modelId) {
        return card(modelId).map(CatalogClient::facts);
    }

    /** The model's card; empty when the catalog has no model with this id. */
    public Optional<ModelCard> card(String modelId) {
        try {
            return Optional.of(stub().getModel(GetModelRequest.newBuilder().setId(modelId).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The catalog's cost model (self-hosted or API). */
    public io.fmp.contracts.catalog.v1.CostEstimate estimateCost(io.fmp.contracts.catalog.v1.EstimateCostRequest request) {
        return stub().estimateCost(request);
    }

    /** The facts of a model's card (a tuned model inherits its base's deployment facts). */
    public ModelFacts cardFacts(String modelId) {
        return stub().getModel(GetModelRequest.newBuilder().setId(modelId).build()).getCard().getFacts();
    }

    public static BaseModelFacts facts(ModelCard model) {
        ModelCardSpec card = model.getCard();
        String encoder = card.getEndpointsList().stream()
                .filter(e -> e.getProtocol() == EndpointProtocol.EMBEDDED_ENCODER).map(e -> e.getUrl()).findFirst()
                .orElse(null);
        var facts = card.getFacts();
        String architecture = switch (facts.getArchitecture()) {
            case DECODER -> "decoder";
            case ENCODER -> "encoder";
            case ENCODER_DECODER -> "encoder-decoder";
            case MIXTURE_OF_EXPERTS -> "mixture-of-experts";
            default -> null;
        };
        return new BaseModelFacts(model.getId(), card.getName(), card.getProvider(), card.getVersion(),
                card.getParameterCount(), card.getLicense(), card.getContextWindow(), card.getTasksList(), architecture,
                encoder, facts.getSourceUrl().isEmpty() ? null : facts.getSourceUrl(), facts.getLanguagesList(),
                facts.getDeploymentOptionsList().stream().map(o -> o.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .toList(), model.getLifecycleState().name().toLowerCase(Locale.ROOT),
                facts.getShape().getLayers(), facts.getShape().getKvHeads(), facts.getShape().getHeadDim());
    }

    /** The catalog's inference fit for fp16 weights at this sequence length and batch, with every GPU profile. */
    public FitEstimate fit(BaseModelFacts base, int contextTokens, int batchSize) {
        return stub().estimateFit(EstimateFitRequest.newBuilder()
                .setShape(ModelShape.newBuilder().setParameterCount(base.parameterCount()).setLayers(base.layers())
                        .setKvHeads(base.kvHeads()).setHeadDim(base.headDim()))
                .setPrecision(Precision.FP16).setContextTokens(contextTokens).setBatchSize(batchSize).build());
    }

    public static List<JobSpec.Gpu> gpus(FitEstimate fit) {
        return fit.getOptionsList().stream().map(o -> new JobSpec.Gpu(o.getGpu(), o.getMemoryGb(), o.getResource(),
                o.getProduct(), o.getMigSlice(), o.getPowerWatts(), o.getUsdPerHour())).toList();
    }

    /**
     * Registers the tuned model; a repeat after a crash finds the version it registered before (same
     * name and version) instead of failing.
     */
    public String register(ModelCardSpec card) {
        try {
            return stub().registerModel(RegisterModelRequest.newBuilder().setCard(card).build()).getId();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
                return stub().getModel(GetModelRequest.newBuilder().setName(card.getName())
                        .setVersion(card.getVersion()).build()).getId();
            }
            throw e;
        }
    }

    private CatalogServiceGrpc.CatalogServiceBlockingStub stub() {
        return catalog.withDeadlineAfter(config.downstreamDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
