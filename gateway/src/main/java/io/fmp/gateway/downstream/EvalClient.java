package io.fmp.gateway.downstream;

import jakarta.inject.Inject;
import io.fmp.gateway.GatewayConfig;
import com.google.protobuf.ByteString;
import io.fmp.contracts.eval.v1.CancelRunRequest;
import io.fmp.contracts.eval.v1.CompareRunsRequest;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.CreateSuiteResponse;
import io.fmp.contracts.eval.v1.Dataset;
import io.fmp.contracts.eval.v1.DatasetHeader;
import io.fmp.contracts.eval.v1.EvalServiceGrpc;
import io.fmp.contracts.eval.v1.GetDatasetRequest;
import io.fmp.contracts.eval.v1.GetInputDriftRequest;
import io.fmp.contracts.eval.v1.GetLeaderboardRequest;
import io.fmp.contracts.eval.v1.InputDriftReport;
import io.fmp.contracts.eval.v1.MutinyEvalServiceGrpc;
import io.fmp.contracts.eval.v1.RecordInputsRequest;
import io.fmp.contracts.eval.v1.RecordInputsResponse;
import io.smallrye.mutiny.Uni;
import io.fmp.contracts.eval.v1.GetRunRequest;
import io.fmp.contracts.eval.v1.GetSuiteRequest;
import io.fmp.contracts.eval.v1.Leaderboard;
import io.fmp.contracts.eval.v1.ListDatasetsRequest;
import io.fmp.contracts.eval.v1.ListRunResultsRequest;
import io.fmp.contracts.eval.v1.ListRunResultsResponse;
import io.fmp.contracts.eval.v1.ListRunsRequest;
import io.fmp.contracts.eval.v1.ListSuitesRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetResponse;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.RunComparison;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.eval.v1.Suite;
import io.fmp.contracts.eval.v1.UploadDatasetRequest;
import io.fmp.contracts.eval.v1.UploadDatasetResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * eval-service over gRPC, behind deadlines, retries for reads and idempotent writes, and a circuit
 * breaker. Dataset uploads stream the request body through with gRPC flow control, so the gateway
 * never holds a whole file.
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class EvalClient {

    private static final String SERVICE = "eval-service";
    private static final int CHUNK_BYTES = 256 * 1024;

    @GrpcClient("eval")
    EvalServiceGrpc.EvalServiceBlockingStub eval;

    @GrpcClient("eval")
    MutinyEvalServiceGrpc.MutinyEvalServiceStub evalAsync;

    /** the plain channel: the async stub's flow control is what streams an upload */
    @GrpcClient("eval")
    Channel channel;

    @Inject
    GatewayConfig config;

    /**
     * Not retried: the body is consumed as it streams. Registration is idempotent by content, so a
     * client may simply upload again.
     */
    @Retry(maxRetries = 0)
    @Timeout(value = 15, unit = ChronoUnit.MINUTES)
    public UploadDatasetResponse upload(DatasetHeader header, InputStream body) {
        return Downstream.call(SERVICE, () -> stream(header, body));
    }

    private UploadDatasetResponse stream(DatasetHeader header, InputStream body) {
        CompletableFuture<UploadDatasetResponse> answer = new CompletableFuture<>();
        Semaphore ready = new Semaphore(0);
        ClientResponseObserver<UploadDatasetRequest, UploadDatasetResponse> observer = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<UploadDatasetRequest> requests) {
                requests.setOnReadyHandler(ready::release);
            }

            @Override
            public void onNext(UploadDatasetResponse response) {
                answer.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                answer.completeExceptionally(error);
                ready.release();
            }

            @Override
            public void onCompleted() {
                ready.release();
            }
        };
        ClientCallStreamObserver<UploadDatasetRequest> requests = (ClientCallStreamObserver<UploadDatasetRequest>)
                EvalServiceGrpc.newStub(channel).withDeadlineAfter(config.downstream().uploadDeadline().toMillis(), TimeUnit.MILLISECONDS)
                        .uploadDataset(observer);
        try {
            requests.onNext(UploadDatasetRequest.newBuilder().setHeader(header).build());
            byte[] buffer = new byte[CHUNK_BYTES];
            int read;
            while (!answer.isDone() && (read = body.readNBytes(buffer, 0, buffer.length)) > 0) {
                // flow control: write only while the transport can take more
                while (!requests.isReady() && !answer.isDone()) {
                    ready.tryAcquire(100, TimeUnit.MILLISECONDS);
                }
                requests.onNext(UploadDatasetRequest.newBuilder().setData(ByteString.copyFrom(buffer, 0, read)).build());
            }
            requests.onCompleted();
            return answer.get(config.downstream().uploadDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            requests.onError(Status.CANCELLED.withDescription("the client's upload broke off").asRuntimeException());
            throw new UncheckedIOException("reading the upload failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.onError(Status.CANCELLED.asRuntimeException());
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw Status.DEADLINE_EXCEEDED.withDescription("the upload took too long").asRuntimeException();
        }
    }

    public Dataset dataset(String name, int version) {
        return Downstream.call(SERVICE, () -> stub().getDataset(GetDatasetRequest.newBuilder().setName(name)
                .setVersion(version).build()));
    }

    public List<Dataset> datasets() {
        return Downstream.call(SERVICE, () -> stub().listDatasets(ListDatasetsRequest.getDefaultInstance())
                .getDatasetsList());
    }

    public PreviewDatasetResponse preview(PreviewDatasetRequest request) {
        return Downstream.call(SERVICE, () -> stub().previewDataset(request));
    }

    /** Identical definitions are one version, so a retry creates nothing twice. */
    public CreateSuiteResponse createSuite(CreateSuiteRequest request) {
        return Downstream.call(SERVICE, () -> stub().createSuite(request));
    }

    public Suite suite(String name, int version) {
        return Downstream.call(SERVICE, () -> stub().getSuite(GetSuiteRequest.newBuilder().setName(name)
                .setVersion(version).build()));
    }

    public List<Suite> suites() {
        return Downstream.call(SERVICE, () -> stub().listSuites(ListSuitesRequest.getDefaultInstance()).getSuitesList());
    }

    /** Not retried here: a client that needs retries sends an Idempotency-Key and repeats the request. */
    @Retry(maxRetries = 0)
    public Run startRun(StartRunRequest request) {
        return Downstream.call(SERVICE, () -> stub().startRun(request));
    }

    public Run run(String id) {
        return Downstream.call(SERVICE, () -> stub().getRun(GetRunRequest.newBuilder().setId(id).build()));
    }

    public List<Run> runs(ListRunsRequest request) {
        return Downstream.call(SERVICE, () -> stub().listRuns(request).getRunsList());
    }

    /** Not retried: a repeat of a cancel that applied answers "finished already". */
    @Retry(maxRetries = 0)
    public Run cancelRun(String id) {
        return Downstream.call(SERVICE, () -> stub().cancelRun(CancelRunRequest.newBuilder().setId(id).build()));
    }

    public ListRunResultsResponse results(ListRunResultsRequest request) {
        return Downstream.call(SERVICE, () -> stub().listRunResults(request));
    }

    /** Resampling both runs takes longer than a read. */
    @Timeout(value = 90, unit = ChronoUnit.SECONDS)
    public RunComparison compare(CompareRunsRequest request) {
        return Downstream.call(SERVICE, () -> eval.withDeadlineAfter(config.downstream().compareDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .compareRuns(request));
    }

    public Leaderboard leaderboard(String suite, int version) {
        return Downstream.call(SERVICE, () -> stub().getLeaderboard(GetLeaderboardRequest.newBuilder().setSuite(suite)
                .setSuiteVersion(version).build()));
    }

    private EvalServiceGrpc.EvalServiceBlockingStub stub() {
        return eval.withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sampled inputs (the gateway's own account); not retried here: an unacknowledged batch is sent again. */
    @Retry(maxRetries = 0)
    public Uni<Boolean> recordInputs(RecordInputsRequest request) {
        return Downstream.async(SERVICE, () -> evalAsync.withDeadlineAfter(config.downstream().deadline().toMillis(),
                TimeUnit.MILLISECONDS).recordInputs(request).map(RecordInputsResponse::getRecorded));
    }

    public InputDriftReport inputDrift(String deployment, int limit) {
        return Downstream.call(SERVICE, () -> stub().getInputDrift(GetInputDriftRequest.newBuilder()
                .setDeployment(deployment).setLimit(limit).build()));
    }
}
