package io.fmp.catalog.model;

import java.util.List;

/**
 * A change to a version's mutable metadata.
 *
 * @param paths            card paths to change ({@link MutableField#path}) and/or {@code lifecycleState}
 * @param values           the new values of those paths; other fields are ignored
 * @param lifecycleState   the target state when {@code paths} names lifecycleState
 * @param expectedRevision the revision the change is based on; null: whatever is current
 * @param reason           recorded in the events
 */
public record ModelUpdate(List<String> paths, ModelCardSpec values, LifecycleState lifecycleState,
                          Long expectedRevision, String reason) {

    public static final String LIFECYCLE_STATE = "lifecycleState";

    public ModelUpdate {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
