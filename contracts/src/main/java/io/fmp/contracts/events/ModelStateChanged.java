package io.fmp.contracts.events;

/**
 * {@code model.state-changed} on {@link Topics#CATALOG}: a model version moved through its
 * lifecycle (candidate, evaluated, approved, deprecated, retired; lower-case words).
 * Subject: the model id.
 *
 * @param reason why, e.g. "eval run 42 completed" or "governance decision d-7: approved"
 */
public record ModelStateChanged(String modelId, String name, String version, String from, String to, String reason) {
}
