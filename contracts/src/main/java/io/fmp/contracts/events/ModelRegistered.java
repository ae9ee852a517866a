package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code model.registered} on {@link Topics#CATALOG}: a model card was added to the catalog.
 * Subject: the model id.
 */
public record ModelRegistered(String modelId, String name, String provider, String version,
                              long parameterCount, String license, int contextWindow, List<String> tasks) {
}
