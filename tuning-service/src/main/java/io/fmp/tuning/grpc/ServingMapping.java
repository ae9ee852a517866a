package io.fmp.tuning.grpc;

import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.guardrails.GuardrailPolicy;
import io.fmp.contracts.serving.v1.Capture;
import io.fmp.contracts.serving.v1.CreateDeploymentRequest;
import io.fmp.contracts.serving.v1.Deployment;
import io.fmp.contracts.serving.v1.DeploymentAccrued;
import io.fmp.contracts.serving.v1.DeploymentCost;
import io.fmp.contracts.serving.v1.DeploymentEstimate;
import io.fmp.contracts.serving.v1.DeploymentExecutor;
import io.fmp.contracts.serving.v1.DeploymentSpec;
import io.fmp.contracts.serving.v1.ExternalEndpoint;
import io.fmp.contracts.serving.v1.Scaling;
import io.fmp.contracts.serving.v1.Traffic;
import io.fmp.contracts.tuning.v1.Resources;
import io.fmp.tuning.deployments.DeploymentCosts;
import io.fmp.tuning.deployments.DeploymentPlan;
import io.fmp.tuning.deployments.ModelDeployment;

/** Deployments between their gRPC messages and the domain's plans and rows. */
final class ServingMapping {

    private ServingMapping() {
    }

    static DeploymentPlan plan(CreateDeploymentRequest request) {
        DeploymentSpec s = request.getSpec();
        DeploymentPlan.Executor executor = switch (s.getExecutor()) {
            case LOCAL -> DeploymentPlan.Executor.LOCAL;
            case KUBERNETES -> DeploymentPlan.Executor.KUBERNETES;
            case EXTERNAL -> DeploymentPlan.Executor.EXTERNAL;
            default -> null;
        };
        return new DeploymentPlan(s.getName(), s.getModelId(), s.getAdapterModelIdsList(), executor,
                s.hasResources() ? new DeploymentPlan.Resources(s.getResources().getGpuCount(),
                        blankToNull(s.getResources().getGpuProduct()), blankToNull(s.getResources().getMemory()),
                        blankToNull(s.getResources().getCpu())) : null,
                s.hasScaling() ? scaling(s.getScaling()) : null,
                s.hasTraffic() ? new DeploymentPlan.Traffic(blankToNull(s.getTraffic().getCanaryModelId()),
                        s.getTraffic().getCanaryPercent()) : null,
                s.hasExternal() ? new DeploymentPlan.External(blankToNull(s.getExternal().getUrl()),
                        blankToNull(s.getExternal().getUpstreamModel()), blankToNull(s.getExternal().getSecretRef())) : null,
                blankToNull(s.getFallback()), s.getMaxModelLen(),
                s.hasGuardrails() ? guardrails(s.getGuardrails()) : null,
                s.hasCapture() ? new DeploymentPlan.Capture(s.getCapture().getSampleRate(),
                        blankToNull(s.getCapture().getSuite()), s.getCapture().getWindow()) : null);
    }

    static GuardrailPolicy guardrails(io.fmp.contracts.governance.v1.Guardrails g) {
        return new GuardrailPolicy(blankToNull(g.getPii()), g.getBlockToxicity());
    }

    static io.fmp.contracts.governance.v1.Guardrails guardrails(GuardrailPolicy g) {
        return io.fmp.contracts.governance.v1.Guardrails.newBuilder().setPii(g.pii()).setBlockToxicity(g.blockToxicity())
                .build();
    }

    private static Capture capture(DeploymentPlan.Capture c) {
        Capture.Builder b = Capture.newBuilder().setSampleRate(c.sampleRate()).setWindow(c.window());
        if (c.suite() != null) {
            b.setSuite(c.suite());
        }
        return b.build();
    }

    static DeploymentPlan.Scaling scaling(Scaling s) {
        return new DeploymentPlan.Scaling(s.getMinReplicas(), s.getMaxReplicas(), s.getScaleToZero(),
                s.getWaitingRequestsTarget());
    }

    static DeploymentEstimate estimate(DeploymentCosts.Estimate e, int minReplicas) {
        int replicas = Math.max(1, minReplicas);
        return DeploymentEstimate.newBuilder()
                .setCost(DeploymentCost.newBuilder().setGpuHoursPerHour(e.gpuHoursPerReplicaHour() * replicas)
                        .setUsdPerHour(e.usdPerReplicaHour() * replicas).setKwhPerHour(e.kwhPerReplicaHour() * replicas)
                        .setKgCo2PerHour(e.kgCo2PerReplicaHour() * replicas)
                        .setUsdPerMillionTokens(e.usdPerMillionTokens()).setBasis(e.basis()))
                .setTensorParallelSize(Math.max(1, e.tensorParallelSize())).setGpuProduct(e.gpuProduct())
                .build();
    }

    static Deployment deployment(ModelDeployment d, long promptTokens, long completionTokens) {
        DeploymentPlan plan = d.deploymentPlan();
        DeploymentSpec.Builder spec = DeploymentSpec.newBuilder().setName(d.name).setModelId(d.modelId)
                .addAllAdapterModelIds(plan.adapterModelIds())
                .setExecutor(DeploymentExecutor.valueOf(plan.executor().name()))
                .setScaling(Scaling.newBuilder().setMinReplicas(plan.scaling().minReplicas())
                        .setMaxReplicas(plan.scaling().maxReplicas()).setScaleToZero(plan.scaling().scaleToZero())
                        .setWaitingRequestsTarget(plan.scaling().waitingRequestsTarget()))
                .setMaxModelLen(plan.maxModelLen());
        DeploymentPlan.Resources r = plan.resources();
        if (r != null) {
            Resources.Builder resources = Resources.newBuilder().setGpuCount(r.gpuCount());
            if (r.gpuProduct() != null) {
                resources.setGpuProduct(r.gpuProduct());
            }
            if (r.memory() != null) {
                resources.setMemory(r.memory());
            }
            if (r.cpu() != null) {
                resources.setCpu(r.cpu());
            }
            spec.setResources(resources);
        }
        if (plan.traffic().canaryModelId() != null) {
            spec.setTraffic(Traffic.newBuilder().setCanaryModelId(plan.traffic().canaryModelId())
                    .setCanaryPercent(plan.traffic().canaryPercent()));
        }
        if (plan.external() != null) {
            ExternalEndpoint.Builder external = ExternalEndpoint.newBuilder().setUrl(plan.external().url());
            if (plan.external().upstreamModel() != null) {
                external.setUpstreamModel(plan.external().upstreamModel());
            }
            if (plan.external().secretRef() != null) {
                external.setSecretRef(plan.external().secretRef());
            }
            spec.setExternal(external);
        }
        if (plan.fallback() != null) {
            spec.setFallback(plan.fallback());
        }
        spec.setGuardrails(guardrails(plan.guardrails() == null ? GuardrailPolicy.OFF : plan.guardrails()));
        if (plan.capture() != null) {
            spec.setCapture(capture(plan.capture()));
        }
        Deployment.Builder b = Deployment.newBuilder().setId(d.id).setProject(d.project).setSpec(spec).setState(d.state)
                .setServedModel(d.servedModel).addAllServedAdapters(d.adapters()).setReadyReplicas(d.readyReplicas)
                .setTask(d.task).setModelName(d.modelName).addAllObjects(d.objectKinds())
                .setEstimate(estimate(d.estimated(), plan.scaling().minReplicas()))
                .setAccrued(DeploymentAccrued.newBuilder().setGpuHours(d.gpuHours).setUsd(d.usd).setKwh(d.kwh)
                        .setKgCo2(d.kgCo2).setPromptTokens(promptTokens).setCompletionTokens(completionTokens))
                .setCreatedBy(d.createdBy).setCreatedAt(ProtoTimestamps.of(d.createdAt))
                .setUpdatedAt(ProtoTimestamps.of(d.updatedAt))
                .addAllUseCaseIds(d.useCases()).setGuardrails(guardrails(d.guardrailPolicy()));
        if (d.capture() != null) {
            b.setCapture(capture(d.capture()));
        }
        if (d.reason != null) {
            b.setReason(d.reason);
        }
        if (d.endpoint != null) {
            b.setEndpoint(d.endpoint);
        }
        if (d.canaryEndpoint != null) {
            b.setCanaryEndpoint(d.canaryEndpoint);
        }
        return b.build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
