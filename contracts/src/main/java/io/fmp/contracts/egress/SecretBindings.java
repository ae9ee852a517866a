package io.fmp.contracts.egress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which secret may go where. A model card names its credential only by reference
 * ({@code env:<VARIABLE>} or {@code k8s:<secret>/<key>}); the operator binds each reference the
 * platform may use to the origins allowed to receive it. Anyone who may edit a card can point its
 * endpoint anywhere, so the card alone must never decide where a credential goes: a reference that is
 * not bound, or an endpoint whose origin the binding does not name, is refused before a byte is sent.
 * {@code env:} references must also carry the operator's prefix, so no card can name the service's
 * own variables ({@code HOME}, the database password). Refusals never say whether a variable or a
 * mounted secret exists.
 */
public final class SecretBindings {

    /** A reference the card may not use for this destination; the message says which rule. */
    public static final class SecretRefusedException extends Exception {
        SecretRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Pattern ENV = Pattern.compile("env:([A-Za-z_][A-Za-z0-9_]{0,127})");
    private static final Pattern K8S = Pattern.compile("k8s:([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)/([-._A-Za-z0-9]{1,253})");

    private final String envPrefix;
    private final Path secretsDirectory;
    private final Map<String, Set<Origin>> bindings;
    private final Function<String, String> environment;
    private final String setting;

    /**
     * @param bindings    reference -> origins that may receive it
     * @param environment reads a variable ({@link System#getenv(String)} outside tests)
     * @param setting     the configuration key of the bindings, named in refusals
     */
    public SecretBindings(String envPrefix, Path secretsDirectory, Map<String, Set<Origin>> bindings,
            Function<String, String> environment, String setting) {
        this.envPrefix = envPrefix;
        this.secretsDirectory = secretsDirectory.toAbsolutePath().normalize();
        this.bindings = Map.copyOf(bindings);
        this.environment = environment;
        this.setting = setting;
        for (String reference : bindings.keySet()) {
            String problem = formProblem(reference);
            if (problem != null) {
                throw new IllegalArgumentException(setting + ": " + problem);
            }
        }
    }

    /**
     * Bindings as configured: each entry {@code <reference>=<origin>[ <origin>...]}, e.g.
     * {@code env:FMP_SECRET_OPENAI_API_KEY=https://api.openai.com}.
     */
    public static SecretBindings parse(String envPrefix, Path secretsDirectory, List<String> entries, String setting) {
        Map<String, Set<Origin>> bindings = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int split = entry.indexOf('=');
            if (split < 0) {
                throw new IllegalArgumentException(setting + ": '" + entry + "' is not <reference>=<origin>[ <origin>...]");
            }
            Set<Origin> origins = new LinkedHashSet<>();
            for (String origin : entry.substring(split + 1).trim().split("\\s+")) {
                origins.add(Origin.parse(origin));
            }
            bindings.merge(entry.substring(0, split).trim(), origins, (a, b) -> {
                Set<Origin> both = new LinkedHashSet<>(a);
                both.addAll(b);
                return both;
            });
        }
        return new SecretBindings(envPrefix, secretsDirectory, bindings, System::getenv, setting);
    }

    /**
     * The credential for calls to {@code destination}, read when a request needs it and never kept.
     * Blank reference: no credential (the supplier gives null).
     */
    public Supplier<String> resolver(String reference, Origin destination) throws SecretRefusedException {
        if (reference == null || reference.isBlank()) {
            return () -> null;
        }
        String problem = formProblem(reference);
        if (problem != null) {
            throw new SecretRefusedException(problem);
        }
        Set<Origin> origins = bindings.get(reference);
        if (origins == null) {
            throw new SecretRefusedException("secret reference " + reference + " is not bound to any origin; an"
                    + " operator binds the references the platform may send (" + setting + ")");
        }
        if (!origins.contains(destination)) {
            throw new SecretRefusedException("secret reference " + reference + " is not bound to " + destination
                    + "; an operator binds each reference to the origins that may receive it (" + setting + ")");
        }
        String unavailable = "secret reference " + reference + " has no value in this service";
        if (reference.startsWith("env:")) {
            String variable = reference.substring(4);
            return () -> {
                String value = environment.apply(variable);
                if (value == null || value.isBlank()) {
                    throw new IllegalStateException(unavailable);
                }
                return value.trim();
            };
        }
        String[] parts = reference.substring(4).split("/", 2);
        Path file = secretsDirectory.resolve(parts[0]).resolve(parts[1]).normalize();
        return () -> {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalStateException(unavailable);
            }
        };
    }

    /** Null when the reference has a known form the operator's rules admit. */
    private String formProblem(String reference) {
        if (ENV.matcher(reference).matches()) {
            return reference.substring(4).startsWith(envPrefix) ? null : "env: secret references must name a variable"
                    + " starting with " + envPrefix + " (the service's own variables are not secrets to send)";
        }
        if (K8S.matcher(reference).matches() && !reference.contains("..")) {
            return null;
        }
        return "secret reference '" + reference + "' is neither env:<VARIABLE> nor k8s:<secret>/<key>";
    }
}
