package io.fmp.tuning.support;

import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.GpuOption;
import io.fmp.contracts.catalog.v1.LifecycleState;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.eval.v1.Dataset;
import io.fmp.contracts.eval.v1.EvalServiceGrpc;
import io.fmp.contracts.eval.v1.Example;
import io.fmp.contracts.eval.v1.GetDatasetRequest;
import io.fmp.contracts.eval.v1.GetSuiteRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetResponse;
import io.fmp.contracts.eval.v1.SplitCount;
import io.fmp.contracts.eval.v1.Suite;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The two services tuning-service calls, over real gRPC on a free port: a catalog that holds model
 * cards, registers new versions and answers GPU-fit estimates with three GPU profiles (a whole H100,
 * an A100 and an H100 MIG slice), and an eval-service dataset registry holding what a test puts in
 * it. Only the calls tuning-service makes are answered.
 */
public class UpstreamServices implements QuarkusTestResourceLifecycleManager {

    public static final Map<String, ModelCard> MODELS = new ConcurrentHashMap<>();
    public static final List<ModelCard> REGISTERED = new CopyOnWriteArrayList<>();
    public static final Map<String, List<Example>> DATASETS = new ConcurrentHashMap<>();
    public static final Set<String> SUITES = ConcurrentHashMap.newKeySet();
    /** Models governance's deployment gate allows; every other model is denied. */
    public static final Set<String> APPROVED = ConcurrentHashMap.newKeySet();
    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = NettyServerBuilder.forPort(0).addService(new Catalog()).addService(new Eval())
                    .addService(new Governance()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String port = Integer.toString(server.getPort());
        // in tests a client on localhost goes to the service's own test port unless it names a test port
        return Map.of("quarkus.grpc.clients.catalog.host", "localhost", "quarkus.grpc.clients.catalog.test-port", port,
                "quarkus.grpc.clients.eval.host", "localhost", "quarkus.grpc.clients.eval.test-port", port,
                "quarkus.grpc.clients.governance.host", "localhost", "quarkus.grpc.clients.governance.test-port", port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    /** Adds a base model to the catalog; returns its id. */
    public static String model(ModelCardSpec card) {
        String id = UUID.randomUUID().toString();
        MODELS.put(id, ModelCard.newBuilder().setId(id).setCard(card).setLifecycleState(LifecycleState.CANDIDATE)
                .build());
        return id;
    }

    /** A dataset version 1 of examples given as [split, input, label or null, reference or null]. */
    public static void dataset(String name, List<String[]> rows) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            Example.Builder example = Example.newBuilder().setOrdinal(i + 1).setLine(i + 1).setSplit(row[0])
                    .setInput(row[1]);
            if (row[2] != null) {
                example.setLabel(row[2]);
            }
            if (row[3] != null) {
                example.addReferences(row[3]);
            }
            examples.add(example.build());
        }
        DATASETS.put(name, examples);
    }

    static Dataset describe(String name, List<Example> examples) {
        Map<String, Long> splits = new TreeMap<>();
        Set<String> labels = new TreeSet<>();
        long references = 0;
        for (Example e : examples) {
            splits.merge(e.getSplit(), 1L, Long::sum);
            if (!e.getLabel().isEmpty()) {
                labels.add(e.getLabel());
            }
            references += e.getReferencesCount() > 0 ? 1 : 0;
        }
        Dataset.Builder d = Dataset.newBuilder().setId(name + "-1").setName(name).setVersion(1)
                .setSha256(io.fmp.platform.hashing.Sha256.hex(name + examples.size())).setExamples(examples.size())
                .addAllLabels(labels).setLabelCount(labels.size()).setWithReferences(references);
        splits.forEach((split, count) -> d.addSplits(SplitCount.newBuilder().setName(split).setExamples(count)));
        return d.build();
    }

    /** The suite every approving use case names: a deployment's drift reference by default. */
    public static final String USE_CASE_SUITE = "intents-suite";

    /**
     * Governance's gate as tuning-service asks it: allowed for the models in {@link #APPROVED}, through a use case of
     * the model's own ({@code use-case-<model id>}) that redacts personal data and names {@link #USE_CASE_SUITE}.
     */
    static final class Governance extends io.fmp.contracts.governance.v1.GovernanceServiceGrpc.GovernanceServiceImplBase {

        @Override
        public void decideGate(io.fmp.contracts.governance.v1.DecideGateRequest request,
                               StreamObserver<io.fmp.contracts.governance.v1.GateDecision> response) {
            var decision = io.fmp.contracts.governance.v1.GateDecision.newBuilder()
                    .setAllowed(APPROVED.contains(request.getModelId()));
            if (decision.getAllowed()) {
                decision.addUseCaseIds("use-case-" + request.getModelId()).addSuites(USE_CASE_SUITE)
                        .setGuardrails(io.fmp.contracts.governance.v1.Guardrails.newBuilder().setPii("redact"));
            } else {
                decision.addFailures(io.fmp.contracts.governance.v1.GateFailure.newBuilder().setPolicy("platform")
                        .setDenies(true).setMessage("no use case names model " + request.getModelId()
                                + " as an approach; a model reaches " + request.getGate() + " through a use case that is"
                                + " assessed and approved"));
            }
            response.onNext(decision.build());
            response.onCompleted();
        }
    }

    static final class Catalog extends CatalogServiceGrpc.CatalogServiceImplBase {

        @Override
        public void getModel(GetModelRequest request, StreamObserver<ModelCard> response) {
            ModelCard found = !request.getId().isEmpty() ? MODELS.get(request.getId())
                    : MODELS.values().stream().filter(m -> m.getCard().getName().equals(request.getName())
                    && m.getCard().getVersion().equals(request.getVersion())).findFirst().orElse(null);
            if (found == null) {
                response.onError(Status.NOT_FOUND.withDescription("no model").asRuntimeException());
                return;
            }
            response.onNext(found);
            response.onCompleted();
        }

        @Override
        public void registerModel(RegisterModelRequest request, StreamObserver<ModelCard> response) {
            boolean exists = MODELS.values().stream().anyMatch(m -> m.getCard().getName().equals(request.getCard()
                    .getName()) && m.getCard().getVersion().equals(request.getCard().getVersion()));
            if (exists) {
                response.onError(Status.ALREADY_EXISTS.withDescription("exists").asRuntimeException());
                return;
            }
            String id = model(request.getCard());
            REGISTERED.add(MODELS.get(id));
            response.onNext(MODELS.get(id));
            response.onCompleted();
        }

        @Override
        public void estimateFit(EstimateFitRequest request, StreamObserver<FitEstimate> response) {
            double weights = request.getShape().getParameterCount() * 2 / 1e9;
            double kv = 0.5;
            response.onNext(FitEstimate.newBuilder().setWeightsGb(weights).setKvCacheGb(kv).setOverheadGb(1)
                    .setTotalGb(weights + kv + 1).setKvCacheEstimated(request.getShape().getLayers() == 0)
                    .addOptions(gpu("H100-80GB", 80, "nvidia.com/gpu", "NVIDIA-H100-80GB-HBM3", false, 700, 4.0))
                    .addOptions(gpu("A100-40GB", 40, "nvidia.com/gpu", "NVIDIA-A100-SXM4-40GB", false, 400, 1.8))
                    .addOptions(gpu("H100-MIG-3g.40gb", 40, "nvidia.com/mig-3g.40gb", "NVIDIA-H100-80GB-HBM3", true,
                            350, 2.0))
                    .build());
            response.onCompleted();
        }

        /** The catalog's cost model as the catalog states it (docs/selection.md): replicas for the load, always on. */
        @Override
        public void estimateCost(io.fmp.contracts.catalog.v1.EstimateCostRequest request,
                                 StreamObserver<io.fmp.contracts.catalog.v1.CostEstimate> response) {
            var w = request.getWorkload();
            double tokens = (double) w.getRequestsPerMonth() * (w.getInputTokens() + w.getOutputTokens());
            var estimate = io.fmp.contracts.catalog.v1.CostEstimate.newBuilder();
            if (request.hasApi()) {
                double monthly = w.getRequestsPerMonth() * (w.getInputTokens() * request.getApi().getUsdPerMillionInput()
                        + w.getOutputTokens() * request.getApi().getUsdPerMillionOutput()) / 1e6;
                estimate.setMonthlyUsd(monthly).setUsdPerMillionTokens(monthly / tokens * 1e6);
            } else {
                var h = request.getSelfHosted();
                int replicas = Math.max(1, (int) Math.ceil(tokens / (730.5 * 3600) / (h.getTokensPerSecond()
                        * h.getTargetUtilisation())));
                double gpuHours = replicas * h.getGpusPerReplica() * 730.5;
                double kwh = gpuHours * h.getGpuPowerWatts() / 1000 * h.getPue();
                estimate.setReplicas(replicas).setGpuHours(gpuHours).setMonthlyUsd(gpuHours * h.getGpuHourlyUsd())
                        .setUsdPerMillionTokens(gpuHours * h.getGpuHourlyUsd() / tokens * 1e6).setEnergyKwh(kwh)
                        .setCo2Kg(kwh * h.getGridGramsCo2PerKwh() / 1000);
            }
            response.onNext(estimate.build());
            response.onCompleted();
        }

        private static GpuOption gpu(String name, double memory, String resource, String product, boolean mig,
                                     double watts, double usd) {
            return GpuOption.newBuilder().setGpu(name).setMemoryGb(memory).setResource(resource).setProduct(product)
                    .setMigSlice(mig).setPowerWatts(watts).setUsdPerHour(usd).build();
        }
    }

    static final class Eval extends EvalServiceGrpc.EvalServiceImplBase {

        @Override
        public void getDataset(GetDatasetRequest request, StreamObserver<Dataset> response) {
            List<Example> examples = DATASETS.get(request.getName());
            if (examples == null || request.getVersion() > 1) {
                response.onError(Status.NOT_FOUND.withDescription("no dataset").asRuntimeException());
                return;
            }
            response.onNext(describe(request.getName(), examples));
            response.onCompleted();
        }

        @Override
        public void getSuite(GetSuiteRequest request, StreamObserver<Suite> response) {
            if (!SUITES.contains(request.getName())) {
                response.onError(Status.NOT_FOUND.withDescription("no suite").asRuntimeException());
                return;
            }
            response.onNext(Suite.newBuilder().setId(request.getName()).setVersion(1).build());
            response.onCompleted();
        }

        @Override
        public void previewDataset(PreviewDatasetRequest request, StreamObserver<PreviewDatasetResponse> response) {
            List<Example> examples = DATASETS.getOrDefault(request.getName(), List.of()).stream()
                    .filter(e -> request.getSplit().isEmpty() || e.getSplit().equals(request.getSplit())).toList();
            int from = Math.min(request.getOffset(), examples.size());
            int to = Math.min(examples.size(), from + request.getLimit());
            response.onNext(PreviewDatasetResponse.newBuilder().addAllExamples(examples.subList(from, to))
                    .setTotal(examples.size()).build());
            response.onCompleted();
        }
    }
}
