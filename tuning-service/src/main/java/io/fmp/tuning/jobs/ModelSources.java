package io.fmp.tuning.jobs;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The operator's rule for where GPU trainers may load base models from, and which of those sources
 * may run their own Python code ({@code --trust_remote_code}, which executes whatever the repository
 * ships). An entry is a Hugging Face organisation ({@code meta-llama/}: all its repositories) or one
 * repository ({@code Qwen/Qwen2.5-7B-Instruct}); Hugging Face ids are case-insensitive.
 */
public record ModelSources(List<String> allowed, List<String> trustRemoteCode) {

    /** A Hugging Face repository id, as the Hub allows it: {@code <org>/<name>}, no path tricks. */
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}");
    private static final Pattern ENTRY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/([A-Za-z0-9][A-Za-z0-9_.-]{0,95})?");

    public static final ModelSources NONE = new ModelSources(List.of(), List.of());

    public ModelSources {
        allowed = List.copyOf(allowed);
        trustRemoteCode = List.copyOf(trustRemoteCode);
        for (String entry : allowed) {
            check("model-sources", entry);
        }
        for (String entry : trustRemoteCode) {
            check("trust-remote-code", entry);
            if (!covers(allowed, entry.endsWith("/") ? entry + "x" : entry)) {
                throw new IllegalArgumentException("fmp.tuning.kubernetes.trust-remote-code: " + entry
                        + " is not among the allowed model sources " + allowed);
            }
        }
    }

    private static void check(String setting, String entry) {
        if (!ENTRY.matcher(entry).matches() || entry.contains("..")) {
            throw new IllegalArgumentException("fmp.tuning.kubernetes." + setting + ": '" + entry
                    + "' is neither an organisation (org/) nor a repository (org/name)");
        }
    }

    public static boolean validRepository(String repository) {
        return repository != null && REPOSITORY.matcher(repository).matches() && !repository.contains("..");
    }

    /** Whether GPU jobs may load this repository. */
    public boolean allows(String repository) {
        return validRepository(repository) && covers(allowed, repository);
    }

    /** Whether the trainer may run this repository's own code; never for a source that is not allowed. */
    public boolean trustsRemoteCode(String repository) {
        return allows(repository) && covers(trustRemoteCode, repository);
    }

    private static boolean covers(List<String> entries, String repository) {
        String id = repository.toLowerCase(Locale.ROOT);
        for (String entry : entries) {
            String e = entry.toLowerCase(Locale.ROOT);
            if (e.endsWith("/") ? id.startsWith(e) : id.equals(e)) {
                return true;
            }
        }
        return false;
    }

    /** How a refusal says what is allowed. */
    public String describe() {
        return allowed.isEmpty() ? "none is configured (fmp.tuning.kubernetes.model-sources)"
                : "allowed are " + String.join(", ", allowed);
    }
}
