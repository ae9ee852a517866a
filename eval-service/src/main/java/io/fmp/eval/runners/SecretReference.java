package io.fmp.eval.runners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Resolves a catalog secret reference when a request needs it, never earlier and never into a
 * log: {@code env:<VARIABLE>} reads the environment, {@code k8s:<secret>/<key>} the file Kubernetes
 * mounts for that key under the secrets directory ({@code <dir>/<secret>/<key>}).
 */
public final class SecretReference {

    private SecretReference() {
    }

    /** @param reference null or blank: the endpoint needs no credential (the supplier gives null) */
    public static Supplier<String> resolver(String reference, Path secretsDirectory) {
        if (reference == null || reference.isBlank()) {
            return () -> null;
        }
        if (reference.startsWith("env:")) {
            String variable = reference.substring(4);
            return () -> {
                String value = System.getenv(variable);
                if (value == null) {
                    throw new IllegalStateException("environment variable " + variable + " is not set");
                }
                return value.trim();
            };
        }
        if (reference.startsWith("k8s:") && reference.indexOf('/') > 4) {
            String[] parts = reference.substring(4).split("/", 2);
            Path file = secretsDirectory.resolve(parts[0]).resolve(parts[1]).normalize();
            if (!file.startsWith(secretsDirectory.normalize())) {
                throw new IllegalArgumentException("secret reference leaves the secrets directory");
            }
            return () -> {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new UncheckedIOException("secret " + parts[0] + "/" + parts[1] + " is not mounted at "
                            + file.getParent(), e);
                }
            };
        }
        throw new IllegalArgumentException("unknown secret reference form (expected env:<VAR> or k8s:<secret>/<key>)");
    }
}
