package io.fmp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The API key benchmarks send to the gateway: FMP_API_KEY, else the launcher's administrator key. */
final class GatewayCredential {

    private GatewayCredential() {
    }

    /** {@code Bearer <key>}, for the Authorization header. */
    static String authorization() {
        String key = System.getenv("FMP_API_KEY");
        if (key == null || key.isBlank()) {
            Path file = Path.of(System.getenv().getOrDefault("FMP_HOME", ".fmp"), "admin-key");
            try {
                key = Files.readString(file).trim();
            } catch (IOException e) {
                throw new IllegalStateException("no API key: set FMP_API_KEY or start the suite with ./fmp up ("
                        + file + " is missing)", e);
            }
        }
        return "Bearer " + key;
    }
}
