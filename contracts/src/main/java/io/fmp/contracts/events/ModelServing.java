package io.fmp.contracts.events;

import java.util.List;

/**
 * How a model version is served, carried in catalog events so consumers (eval-service runs,
 * tuning-service base models) need no synchronous call to the catalog. Credentials appear only
 * as references.
 *
 * @param endpoints          where the model answers, in the card's order
 * @param usdPerMillionInput API price per million input tokens; null when not priced
 * @param usdPerMillionOutput API price per million output tokens; null when not priced
 * @param artifactKind       {@code full-weights}, {@code adapter} or {@code head} for tuned versions; null otherwise
 * @param artifactUri        where that artifact is stored; null when there is none
 * @param baseModelId        the catalog model the version was derived from; null for base models
 */
public record ModelServing(List<Endpoint> endpoints, Double usdPerMillionInput, Double usdPerMillionOutput,
                           String artifactKind, String artifactUri, String baseModelId) {

    /**
     * @param protocol  {@code openai-chat}, {@code openai-completions} or {@code embedded-encoder}
     * @param url       https://... or {@code embedded:<encoder>}
     * @param secretRef {@code k8s:<secret>/<key>}, {@code env:<VARIABLE>} or null
     */
    public record Endpoint(String protocol, String url, String secretRef) {
    }

    public ModelServing {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public static ModelServing none() {
        return new ModelServing(List.of(), null, null, null, null, null);
    }
}
