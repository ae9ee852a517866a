package io.fmp.bench;

import io.fmp.contracts.identity.InternalTokens;
import io.fmp.contracts.identity.Principal;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The caller token benchmarks put on gRPC calls straight to a service, as the platform's processes carry them:
 * signed with FMP_INTERNAL_TOKEN_SECRET, else with the local launcher's secret ($FMP_HOME/secrets/internal-token).
 */
final class ServiceCredential {

    private ServiceCredential() {
    }

    /** Attaches a token for {@code caller}, valid for the length of a benchmark. */
    static ClientInterceptor as(Principal caller) {
        Metadata token = new Metadata();
        token.put(Metadata.Key.of(InternalTokens.METADATA_KEY, Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                + new InternalTokens(secret(), Duration.ofHours(4)).mint(caller));
        return MetadataUtils.newAttachHeadersInterceptor(token);
    }

    private static String secret() {
        String secret = System.getenv("FMP_INTERNAL_TOKEN_SECRET");
        if (secret != null && !secret.isBlank()) {
            return secret;
        }
        Path file = Path.of(System.getenv().getOrDefault("FMP_HOME", ".fmp"), "secrets", "internal-token");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no internal token secret: set FMP_INTERNAL_TOKEN_SECRET or start the"
                    + " suite with ./fmp up (" + file + " is missing)", e);
        }
    }
}
