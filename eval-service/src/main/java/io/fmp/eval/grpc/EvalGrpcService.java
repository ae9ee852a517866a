package io.fmp.eval.grpc;

import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.eval.v1.CancelRunRequest;
import io.fmp.contracts.eval.v1.CompareRunsRequest;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.CreateSuiteResponse;
import io.fmp.contracts.eval.v1.Dataset;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.GetDatasetRequest;
import io.fmp.contracts.eval.v1.GetLeaderboardRequest;
import io.fmp.contracts.eval.v1.GetRunRequest;
import io.fmp.contracts.eval.v1.GetSuiteRequest;
import io.fmp.contracts.eval.v1.Leaderboard;
import io.fmp.contracts.eval.v1.ListDatasetsRequest;
import io.fmp.contracts.eval.v1.ListDatasetsResponse;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesRequest;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesResponse;
import io.fmp.contracts.eval.v1.ListRunResultsRequest;
import io.fmp.contracts.eval.v1.ListRunResultsResponse;
import io.fmp.contracts.eval.v1.ListRunsRequest;
import io.fmp.contracts.eval.v1.ListRunsResponse;
import io.fmp.contracts.eval.v1.ListSuitesRequest;
import io.fmp.contracts.eval.v1.ListSuitesResponse;
import io.fmp.contracts.eval.v1.PreviewDatasetRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetResponse;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.RunComparison;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.Suite;
import io.fmp.contracts.eval.v1.UploadDatasetRequest;
import io.fmp.contracts.eval.v1.UploadDatasetResponse;
import io.fmp.contracts.identity.Principal;
import io.fmp.eval.EvalConfig;
import io.fmp.eval.candidates.EvaluationCandidate;
import io.fmp.eval.datasets.DatasetStore;
import io.fmp.eval.datasets.StagedUpload;
import io.fmp.eval.leaderboards.Leaderboards;
import io.fmp.eval.runs.RunWorker;
import io.fmp.eval.runs.Runs;
import io.fmp.eval.suites.SuiteStore;
import io.fmp.platform.identity.Callers;
import io.fmp.eval.monitoring.InputMonitoring;
import io.fmp.contracts.eval.v1.RecordInputsRequest;
import io.fmp.contracts.eval.v1.RecordInputsResponse;
import io.fmp.contracts.eval.v1.GetInputDriftRequest;
import io.fmp.contracts.eval.v1.InputDriftReport;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicReference;

/** gRPC adapter of evaluation: datasets, suites, runs, results, leaderboards, comparisons. */
@GrpcService
@Blocking
public class EvalGrpcService implements EvalService {

    @Inject
    DatasetStore datasets;

    @Inject
    SuiteStore suites;

    @Inject
    Runs runs;

    @Inject
    RunWorker worker;

    @Inject
    Leaderboards leaderboards;

    @Inject
    EvalConfig config;

    @Inject
    InputMonitoring monitoring;

    @Override
    public Uni<ListEvaluationCandidatesResponse> listEvaluationCandidates(ListEvaluationCandidatesRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.VIEWER);
            return ListEvaluationCandidatesResponse.newBuilder()
                .addAllCandidates(EvaluationCandidate.<EvaluationCandidate>list("order by registeredAt, modelId").stream()
                        .filter(c -> caller.sees(c.project))
                        .map(c -> io.fmp.contracts.eval.v1.EvaluationCandidate.newBuilder()
                                .setModelId(c.modelId).setName(c.name).setVersion(c.version)
                                .addAllTasks(c.taskList())
                                .addAllProtocols(c.serving().endpoints().stream().map(e -> e.protocol()).toList())
                                .build())
                        .toList())
                .build();
        });
    }

    @Override
    public Uni<UploadDatasetResponse> uploadDataset(Multi<UploadDatasetRequest> request) {
        // the staged file goes however the call ends: registered, refused, failed, or cancelled by the client
        AtomicReference<StagedUpload> staging = new AtomicReference<>();
        Principal caller;
        try {
            caller = Callers.require(Principal.CONTRIBUTOR);
        } catch (RuntimeException refused) {
            return Uni.createFrom().failure(refused);
        }
        // stage the stream on a worker thread (file writes), then register it in one transaction
        return request.emitOn(Infrastructure.getDefaultWorkerPool())
                .collect().in(() -> {
                    StagedUpload staged = new StagedUpload(config.datasets().maxBytes());
                    staging.set(staged);
                    return staged;
                }, (staged, part) -> {
                    if (part.hasHeader()) {
                        staged.header(part.getHeader().getName(), EvalMapping.format(part.getHeader().getFormat()),
                                part.getHeader().getDescription());
                    } else {
                        staged.data(part.getData().toByteArray());
                    }
                })
                .onItem().transform(staged -> GrpcErrors.call(() -> {
                    DatasetStore.Registration registration = datasets.register(caller, staged.name(), staged.format(),
                            staged.description(), staged.complete());
                    return UploadDatasetResponse.newBuilder()
                            .setDataset(EvalMapping.dataset(registration.dataset()))
                            .setCreated(registration.created()).build();
                }))
                .onTermination().invoke(() -> {
                    StagedUpload staged = staging.get();
                    if (staged != null) {
                        staged.close();
                    }
                });
    }

    @Override
    public Uni<Dataset> getDataset(GetDatasetRequest request) {
        return GrpcErrors.answer(() -> EvalMapping.dataset(datasets.get(Callers.require(Principal.VIEWER), request.getName(),
                request.getVersion())));
    }

    @Override
    public Uni<ListDatasetsResponse> listDatasets(ListDatasetsRequest request) {
        return GrpcErrors.answer(() -> ListDatasetsResponse.newBuilder()
                .addAllDatasets(datasets.latest(Callers.require(Principal.VIEWER)).stream().map(EvalMapping::dataset).toList()).build());
    }

    @Override
    public Uni<PreviewDatasetResponse> previewDataset(PreviewDatasetRequest request) {
        return GrpcErrors.answer(() -> {
            DatasetStore.Page page = datasets.preview(Callers.require(Principal.VIEWER), request.getName(), request.getVersion(), request.getSplit(),
                    request.getOffset(), request.getLimit() == 0 ? 20 : request.getLimit());
            return PreviewDatasetResponse.newBuilder().setDataset(EvalMapping.dataset(page.dataset()))
                    .addAllExamples(page.examples().stream().map(EvalMapping::example).toList())
                    .setTotal(page.total()).build();
        });
    }

    @Override
    public Uni<CreateSuiteResponse> createSuite(CreateSuiteRequest request) {
        return GrpcErrors.answer(() -> {
            SuiteStore.Creation creation = suites.create(Callers.require(Principal.CONTRIBUTOR), EvalMapping.suiteRequest(request.getSuite()));
            return CreateSuiteResponse.newBuilder().setSuite(EvalMapping.suite(creation.suite()))
                    .setCreated(creation.created()).build();
        });
    }

    @Override
    public Uni<Suite> getSuite(GetSuiteRequest request) {
        return GrpcErrors.answer(() -> EvalMapping.suite(suites.get(Callers.require(Principal.VIEWER), request.getName(),
                request.getVersion())));
    }

    @Override
    public Uni<ListSuitesResponse> listSuites(ListSuitesRequest request) {
        return GrpcErrors.answer(() -> ListSuitesResponse.newBuilder()
                .addAllSuites(suites.latest(Callers.require(Principal.VIEWER)).stream().map(EvalMapping::suite).toList()).build());
    }

    @Override
    public Uni<Run> startRun(StartRunRequest request) {
        return GrpcErrors.answer(() -> {
            Run run = EvalMapping.run(runs.start(Callers.require(Principal.CONTRIBUTOR), request.getSuite(), request.getSuiteVersion(), request.getModelId(),
                    EvalMapping.settings(request), request.getIdempotencyKey()));
            worker.wakeUp();
            return run;
        });
    }

    @Override
    public Uni<Run> getRun(GetRunRequest request) {
        return GrpcErrors.answer(() -> EvalMapping.run(runs.get(Callers.require(Principal.VIEWER), request.getId())));
    }

    @Override
    public Uni<ListRunsResponse> listRuns(ListRunsRequest request) {
        return GrpcErrors.answer(() -> ListRunsResponse.newBuilder().addAllRuns(runs.list(Callers.require(Principal.VIEWER), request.getSuite(),
                request.getModelId(), EvalMapping.state(request.getState()),
                request.getLimit() == 0 ? 50 : request.getLimit()).stream().map(EvalMapping::run).toList()).build());
    }

    @Override
    public Uni<Run> cancelRun(CancelRunRequest request) {
        return GrpcErrors.answer(() -> EvalMapping.run(runs.cancel(Callers.require(Principal.CONTRIBUTOR), request.getId())));
    }

    @Override
    public Uni<ListRunResultsResponse> listRunResults(ListRunResultsRequest request) {
        return GrpcErrors.answer(() -> {
            Runs.ResultPage page = runs.results(Callers.require(Principal.VIEWER), request.getRunId(), request.getOffset(),
                    request.getLimit() == 0 ? 50 : request.getLimit(), request.getErrorsOnly());
            return ListRunResultsResponse.newBuilder()
                    .addAllResults(page.results().stream().map(EvalMapping::result).toList())
                    .setTotal(page.total()).build();
        });
    }

    @Override
    public Uni<RunComparison> compareRuns(CompareRunsRequest request) {
        return GrpcErrors.answer(() -> EvalMapping.comparison(leaderboards.compare(Callers.require(Principal.VIEWER),
                request.getBaselineRunId(),
                request.getSystemRunId(), request.getResamples(), request.getSeed())));
    }

    @Override
    public Uni<Leaderboard> getLeaderboard(GetLeaderboardRequest request) {
        return GrpcErrors.answer(() -> EvalMapping.leaderboard(leaderboards.board(Callers.require(Principal.VIEWER), request.getSuite(), request.getSuiteVersion())));
    }

    @Override
    public Uni<RecordInputsResponse> recordInputs(RecordInputsRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal::isService, "a platform service's own account (the gateway's)");
            boolean recorded = monitoring.record(request.getBatchId(), request.getCapturesList().stream().map(c ->
                    new InputMonitoring.Capture(c.getDeployment(), c.getProject(), c.getModelId(), c.getSuite(),
                            c.getUseCaseIdsList(), c.getWindow(), c.getTextsList())).toList());
            return RecordInputsResponse.newBuilder().setRecorded(recorded).build();
        });
    }

    @Override
    public Uni<InputDriftReport> getInputDrift(GetInputDriftRequest request) {
        return GrpcErrors.answer(() -> EvalMapping.inputDrift(monitoring.report(Callers.require(Principal.VIEWER),
                request.getDeployment(), request.getLimit())));
    }
}
