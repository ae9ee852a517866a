package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code model.registered} on {@link Topics#CATALOG}: a model card was added to the catalog.
 * Subject: the model id.
 *
 * @param serving endpoints, API price and tuned-artifact lineage (absent in events of older producers)
 */
public record ModelRegistered(String modelId, String name, String provider, String version,
                              long parameterCount, String license, int contextWindow, List<String> tasks,
                              ModelServing serving) {

    public ModelRegistered {
        serving = serving == null ? ModelServing.none() : serving;
    }
}
