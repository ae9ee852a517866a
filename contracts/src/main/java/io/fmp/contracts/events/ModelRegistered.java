package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code model.registered} on {@link Topics#CATALOG}: a model card was added to the catalog.
 * Subject: the model id.
 *
 * @param serving endpoints, API price and tuned-artifact lineage (absent in events of older producers)
 * @param project the project that owns the model ("shared": everybody may use it; absent in older events)
 * @param card    licence terms, training-data transparency, IP indemnity, general-purpose AI facts (absent in
 *                older events)
 */
public record ModelRegistered(String modelId, String name, String provider, String version,
                              long parameterCount, String license, int contextWindow, List<String> tasks,
                              ModelServing serving, String project, ModelCardFacts card) {

    public ModelRegistered {
        serving = serving == null ? ModelServing.none() : serving;
        // events from before projects: the model was everybody's
        project = project == null ? "shared" : project;
        card = card == null ? ModelCardFacts.unknown() : card;
    }

    /** An event that says nothing of the card beyond identity (what older producers sent). */
    public ModelRegistered(String modelId, String name, String provider, String version, long parameterCount,
                           String license, int contextWindow, List<String> tasks, ModelServing serving, String project) {
        this(modelId, name, provider, version, parameterCount, license, contextWindow, tasks, serving, project, null);
    }
}
