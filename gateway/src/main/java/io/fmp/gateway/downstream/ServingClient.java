package io.fmp.gateway.downstream;

import io.fmp.contracts.serving.v1.ClassifyRequest;
import io.fmp.contracts.serving.v1.ClassifyResponse;
import io.fmp.contracts.serving.v1.CreateDeploymentRequest;
import io.fmp.contracts.serving.v1.Deployment;
import io.fmp.contracts.serving.v1.DeploymentEstimate;
import io.fmp.contracts.serving.v1.EmbedRequest;
import io.fmp.contracts.serving.v1.EmbedResponse;
import io.fmp.contracts.serving.v1.GetDeploymentRequest;
import io.fmp.contracts.serving.v1.GetUsageRequest;
import io.fmp.contracts.serving.v1.ListDeploymentsRequest;
import io.fmp.contracts.serving.v1.MutinyServingServiceGrpc;
import io.fmp.contracts.serving.v1.RecordUsageRequest;
import io.fmp.contracts.serving.v1.ScaleDeploymentRequest;
import io.fmp.contracts.serving.v1.ServingServiceGrpc;
import io.fmp.contracts.serving.v1.UsageReport;
import io.fmp.gateway.GatewayConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tuning-service's serving API over gRPC: deployments (blocking, on a worker; rare and slower calls that ask
 * governance and the cluster) and the request path's local inference and directory reads (Mutiny, on the event
 * loop).
 */
@ApplicationScoped
public class ServingClient {

    private static final String SERVICE = "tuning-service";

    @GrpcClient("tuning")
    ServingServiceGrpc.ServingServiceBlockingStub serving;

    @GrpcClient("tuning")
    MutinyServingServiceGrpc.MutinyServingServiceStub servingAsync;

    @Inject
    GatewayConfig config;

    private ServingServiceGrpc.ServingServiceBlockingStub stub() {
        return serving.withDeadlineAfter(config.downstream().submitDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    public DeploymentEstimate estimate(CreateDeploymentRequest request) {
        return Downstream.call(SERVICE, () -> stub().estimateDeployment(request));
    }

    public Deployment create(CreateDeploymentRequest request) {
        return Downstream.call(SERVICE, () -> stub().createDeployment(request));
    }

    public Deployment get(String idOrName) {
        return Downstream.call(SERVICE, () -> stub().getDeployment(GetDeploymentRequest.newBuilder().setId(idOrName)
                .build()));
    }

    public List<Deployment> list(String state) {
        return Downstream.call(SERVICE, () -> stub().listDeployments(ListDeploymentsRequest.newBuilder()
                .setState(state == null ? "" : state).build()).getDeploymentsList());
    }

    public Deployment scale(ScaleDeploymentRequest request) {
        return Downstream.call(SERVICE, () -> stub().scaleDeployment(request));
    }

    public Deployment delete(String idOrName) {
        return Downstream.call(SERVICE, () -> stub().deleteDeployment(GetDeploymentRequest.newBuilder().setId(idOrName)
                .build()));
    }

    public UsageReport usage(String project) {
        return Downstream.call(SERVICE, () -> stub().getUsage(GetUsageRequest.newBuilder().setProject(project).build()));
    }

    public Uni<ClassifyResponse> classify(ClassifyRequest request) {
        return Downstream.async(SERVICE, () -> async().classify(request));
    }

    public Uni<EmbedResponse> embed(EmbedRequest request) {
        return Downstream.async(SERVICE, () -> async().embed(request));
    }

    /** Every deployment that is not deleted, as the gateway's own account sees them (all projects). */
    public Uni<List<Deployment>> directory() {
        return Downstream.async(SERVICE, () -> async().listDeployments(ListDeploymentsRequest.getDefaultInstance())
                .map(r -> r.getDeploymentsList()));
    }

    public Uni<Boolean> recordUsage(RecordUsageRequest request) {
        return Downstream.async(SERVICE, () -> async().recordUsage(request).map(r -> r.getRecorded()));
    }

    public Uni<UsageReport> usageOf(String project) {
        return Downstream.async(SERVICE, () -> async().getUsage(GetUsageRequest.newBuilder().setProject(project).build()));
    }

    private MutinyServingServiceGrpc.MutinyServingServiceStub async() {
        return servingAsync.withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
