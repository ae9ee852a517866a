package io.fmp.catalog.model;

/**
 * Where a model version is served.
 *
 * @param url       https URL of an OpenAI-compatible API, or {@code embedded:<encoder>} for an
 *                  encoder the platform runs in-process
 * @param secretRef where the credential lives ({@code k8s:<secret>/<key>} or {@code env:<VARIABLE>});
 *                  null when the endpoint needs none. Never the credential itself.
 */
public record ServingEndpoint(Protocol protocol, String url, String secretRef) {

    public enum Protocol {
        OPENAI_CHAT, OPENAI_COMPLETIONS, EMBEDDED_ENCODER
    }
}
