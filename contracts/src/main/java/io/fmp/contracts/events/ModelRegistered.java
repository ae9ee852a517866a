package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code model.registered} on {@link Topics#CATALOG}: a model card was added to the catalog.
 * Subject: the model id.
 *
 * @param serving endpoints, API price and tuned-artifact lineage (absent in events of older producers)
 * @param project the project that owns the model ("shared": everybody may use it; absent in older events)
 */
public record ModelRegistered(String modelId, String name, String provider, String version,
                              long parameterCount, String license, int contextWindow, List<String> tasks,
                              ModelServing serving, String project) {

    public ModelRegistered {
        serving = serving == null ? ModelServing.none() : serving;
        // events from before projects: the model was everybody's
        project = project == null ? "shared" : project;
    }
}
