package io.fmp.deploy.demo;

import io.fmp.client.ApiClient;

import java.time.Duration;

/** The generated client, pointed at a gateway and sending a credential with every call. */
public final class GatewayClient {

    private GatewayClient() {
    }

    /** @param credential an API key or an identity-provider token */
    public static ApiClient create(String gatewayUrl, String credential, Duration readTimeout) {
        if (credential == null || credential.isBlank()) {
            throw new IllegalArgumentException("no credential: every API call needs an API key (./fmp admin-key)");
        }
        ApiClient client = new ApiClient().setConnectTimeout(Duration.ofSeconds(10)).setReadTimeout(readTimeout);
        client.updateBaseUri(gatewayUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + credential.trim()));
        return client;
    }

    /** The credential the launcher hands over ({@code FMP_API_KEY}). */
    public static String credentialFromEnvironment() {
        return System.getenv("FMP_API_KEY");
    }
}
