package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code model.updated} on {@link Topics#CATALOG}: mutable metadata of a model version changed
 * (description, documentation, tags, properties, serving endpoints, API price). The version's
 * content digest is unchanged by definition. Subject: the model id.
 *
 * @param changedFields the card fields that changed, e.g. {@code facts.tags}, {@code endpoints}
 * @param revision      the card's revision after the change
 * @param serving       endpoints and API price after the change (absent in events of older producers)
 */
public record ModelUpdated(String modelId, String name, String version, List<String> changedFields, long revision,
                           ModelServing serving) {
}
