package io.fmp.contracts.events;

/**
 * {@code deployment.created}, {@code .ready}, {@code .scaled}, {@code .drained}, {@code .failed} and
 * {@code .deleted} on {@link Topics#TUNING}: a deployment of a catalog model changed. Subject: the deployment id.
 *
 * @param executor   {@code local}, {@code kubernetes} or {@code external}
 * @param state      the state it is in now (pending, ready, drained, failed, deleted)
 * @param endpoint   where the gateway sends its requests (never a credential)
 * @param minReplicas the replicas it keeps at least (0 drained or scaled to zero)
 * @param actor      who changed it: a caller, or {@code service:governance-service} for a revoked approval
 * @param reason     why, in words
 */
public record DeploymentChanged(String deploymentId, String name, String project, String modelId, String executor,
                                String state, String endpoint, int minReplicas, int maxReplicas, String actor,
                                String reason) {
}
