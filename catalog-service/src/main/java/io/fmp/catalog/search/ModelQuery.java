package io.fmp.catalog.search;

import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.selection.DeploymentMode;
import io.fmp.catalog.snapshot.CatalogIndex;

/**
 * A catalog search: every non-null filter must hold. Sorting is by one key, ties broken by id,
 * which makes keyset pagination exact.
 */
public record ModelQuery(String text, String task, String language, String license, Boolean commercialUse,
                         Long minParameters, Long maxParameters, Integer minContextWindow,
                         DeploymentMode deploymentOption, LifecycleState lifecycleState, String tag, String provider,
                         String name, String baseModelId, CatalogIndex.Order sort, boolean descending, int pageSize,
                         String pageToken) {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    /** Everything but the page position: a page token is only valid for the same filters and sort. */
    String fingerprint() {
        return String.join("\u001f", String.valueOf(text), String.valueOf(task), String.valueOf(language),
                String.valueOf(license), String.valueOf(commercialUse), String.valueOf(minParameters),
                String.valueOf(maxParameters), String.valueOf(minContextWindow), String.valueOf(deploymentOption),
                String.valueOf(lifecycleState), String.valueOf(tag), String.valueOf(provider), String.valueOf(name),
                String.valueOf(baseModelId), sort.name(),
                Boolean.toString(descending));
    }
}
