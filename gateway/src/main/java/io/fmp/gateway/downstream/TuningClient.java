package io.fmp.gateway.downstream;

import jakarta.inject.Inject;
import io.fmp.gateway.GatewayConfig;
import io.fmp.contracts.tuning.v1.Artifact;
import io.fmp.contracts.tuning.v1.CancelJobRequest;
import io.fmp.contracts.tuning.v1.GetArtifactRequest;
import io.fmp.contracts.tuning.v1.GetJobMetricsRequest;
import io.fmp.contracts.tuning.v1.GetJobRequest;
import io.fmp.contracts.tuning.v1.JobEstimate;
import io.fmp.contracts.tuning.v1.JobMetrics;
import io.fmp.contracts.tuning.v1.ListJobsRequest;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tuning-service over gRPC, behind deadlines, retries for reads and idempotent writes, and a
 * circuit breaker. Submitting validates against the catalog and eval-service, so it gets longer.
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class TuningClient {

    private static final String SERVICE = "tuning-service";

    @GrpcClient("tuning")
    TuningServiceGrpc.TuningServiceBlockingStub tuning;

    @Inject
    GatewayConfig config;

    /** Reads only: retried like any read. */
    @Timeout(value = 40, unit = ChronoUnit.SECONDS)
    public JobEstimate estimate(SubmitJobRequest request) {
        return Downstream.call(SERVICE, () -> tuning.withDeadlineAfter(config.downstream().submitDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .estimateJob(request));
    }

    /** Not retried here: a client that needs retries sends an Idempotency-Key and repeats the request. */
    @Retry(maxRetries = 0)
    @Timeout(value = 40, unit = ChronoUnit.SECONDS)
    public TuningJob submit(SubmitJobRequest request) {
        return Downstream.call(SERVICE, () -> tuning.withDeadlineAfter(config.downstream().submitDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .submitJob(request));
    }

    public TuningJob job(String id) {
        return Downstream.call(SERVICE, () -> stub().getJob(GetJobRequest.newBuilder().setId(id).build()));
    }

    public List<TuningJob> jobs(ListJobsRequest request) {
        return Downstream.call(SERVICE, () -> stub().listJobs(request).getJobsList());
    }

    /** Not retried: a repeat of a cancel that applied answers "finished already". */
    @Retry(maxRetries = 0)
    public TuningJob cancel(String id) {
        return Downstream.call(SERVICE, () -> stub().cancelJob(CancelJobRequest.newBuilder().setId(id).build()));
    }

    public JobMetrics metrics(String id) {
        return Downstream.call(SERVICE, () -> stub().getJobMetrics(GetJobMetricsRequest.newBuilder().setJobId(id)
                .build()));
    }

    public Artifact artifact(String id, String name) {
        return Downstream.call(SERVICE, () -> stub().getArtifact(GetArtifactRequest.newBuilder().setJobId(id)
                .setName(name).build()));
    }

    private TuningServiceGrpc.TuningServiceBlockingStub stub() {
        return tuning.withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
