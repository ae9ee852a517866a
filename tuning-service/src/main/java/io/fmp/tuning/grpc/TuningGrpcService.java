package io.fmp.tuning.grpc;

import com.google.protobuf.ByteString;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.tuning.v1.Artifact;
import io.fmp.contracts.tuning.v1.CancelJobRequest;
import io.fmp.contracts.tuning.v1.GetArtifactRequest;
import io.fmp.contracts.tuning.v1.GetJobMetricsRequest;
import io.fmp.contracts.tuning.v1.GetJobRequest;
import io.fmp.contracts.tuning.v1.JobEstimate;
import io.fmp.contracts.tuning.v1.JobMetrics;
import io.fmp.contracts.tuning.v1.ListBaseModelsRequest;
import io.fmp.contracts.tuning.v1.ListBaseModelsResponse;
import io.fmp.contracts.tuning.v1.ListJobsRequest;
import io.fmp.contracts.tuning.v1.ListJobsResponse;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.contracts.tuning.v1.TuningService;
import io.fmp.platform.identity.Callers;
import io.fmp.tuning.basemodels.BaseModel;
import io.fmp.tuning.jobs.JobLedger;
import io.fmp.tuning.jobs.TuningJobs;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;


/** gRPC adapter of tuning: jobs (estimate, submit, read, cancel, metrics, artifacts) and base models. */
@GrpcService
@Blocking
public class TuningGrpcService implements TuningService {

    @Inject
    TuningJobs jobs;

    @Inject
    JobLedger ledger;

    @Override
    public Uni<ListBaseModelsResponse> listBaseModels(ListBaseModelsRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(Principal.VIEWER);
            return ListBaseModelsResponse.newBuilder()
                    .addAllModels(BaseModel.<BaseModel>list("order by name, version").stream()
                            .filter(m -> caller.sees(m.project))
                            .map(m -> io.fmp.contracts.tuning.v1.BaseModel.newBuilder()
                                    .setModelId(m.modelId).setName(m.name).setVersion(m.version).build())
                            .toList())
                    .build();
        });
    }

    @Override
    public Uni<JobEstimate> estimateJob(SubmitJobRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return TuningMapping.estimate(jobs.estimate(TuningMapping.request(request)));
        });
    }

    @Override
    public Uni<TuningJob> submitJob(SubmitJobRequest request) {
        return GrpcErrors.answer(() -> TuningMapping.job(jobs.submit(Callers.require(Principal.CONTRIBUTOR),
                TuningMapping.request(request), request.getIdempotencyKey())));
    }

    @Override
    public Uni<TuningJob> getJob(GetJobRequest request) {
        return GrpcErrors.answer(() -> TuningMapping.job(jobs.get(Callers.require(Principal.VIEWER), request.getId())));
    }

    @Override
    public Uni<ListJobsResponse> listJobs(ListJobsRequest request) {
        return GrpcErrors.answer(() -> ListJobsResponse.newBuilder().addAllJobs(jobs.list(Callers.require(Principal.VIEWER), TuningMapping.state(request.getState()),
                        request.getBaseModelId(), request.getLimit() == 0 ? 50 : request.getLimit()).stream()
                .map(TuningMapping::job).toList()).build());
    }

    @Override
    public Uni<TuningJob> cancelJob(CancelJobRequest request) {
        return GrpcErrors.answer(() -> TuningMapping.job(jobs.cancel(Callers.require(Principal.CONTRIBUTOR), request.getId())));
    }

    @Override
    public Uni<JobMetrics> getJobMetrics(GetJobMetricsRequest request) {
        return GrpcErrors.answer(() -> JobMetrics.newBuilder().setJobId(request.getJobId())
                .addAllSeries(TuningMapping.series(jobs.metrics(Callers.require(Principal.VIEWER), request.getJobId()))).build());
    }

    @Override
    public Uni<Artifact> getArtifact(GetArtifactRequest request) {
        return GrpcErrors.answer(() -> {
            jobs.get(Callers.require(Principal.VIEWER), request.getJobId());
            JobLedger.StoredArtifact artifact = ledger.artifact(request.getJobId(), request.getName())
                    .orElseThrow(() -> new ResourceNotFoundException("artifact", request.getJobId() + "/"
                            + request.getName()));
            return Artifact.newBuilder().setName(request.getName()).setMediaType(artifact.mediaType())
                    .setContent(ByteString.copyFrom(artifact.content())).setSha256(artifact.sha256()).build();
        });
    }

}
