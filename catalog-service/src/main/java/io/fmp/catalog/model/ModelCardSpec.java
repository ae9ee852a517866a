package io.fmp.catalog.model;

import java.util.List;

/** What a caller says about a model when registering it; validated by {@link ModelCardValidator}. */
public record ModelCardSpec(String name, String provider, String version, long parameterCount, String license,
                            int contextWindow, List<String> tasks, ModelFacts facts) {

    public ModelCardSpec {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        facts = facts == null ? ModelFacts.none() : facts;
    }

    /** A card with identity facts only. */
    public ModelCardSpec(String name, String provider, String version, long parameterCount, String license,
                         int contextWindow, List<String> tasks) {
        this(name, provider, version, parameterCount, license, contextWindow, tasks, ModelFacts.none());
    }
}
