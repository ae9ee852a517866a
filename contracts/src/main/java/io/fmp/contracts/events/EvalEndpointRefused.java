package io.fmp.contracts.events;

/**
 * {@code eval.endpoint-refused} on {@link Topics#EVAL}: eval-service refused to call a model's endpoint
 * (an origin the egress rules do not allow, or a secret reference not bound to that origin) before
 * anything was sent. Carries the origin, never the full URL (whose query may hold a key) and never a
 * secret value, only its reference. Subject: the model id.
 */
public record EvalEndpointRefused(String modelId, String origin, String secretRef, String suite, String reason) {
}
