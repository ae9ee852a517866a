package io.fmp.governance.policies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The policies every gate applies, shipped in {@code governance/policies/} (a failing one stops the start). */
public final class BuiltInPolicies {

    static final List<String> FILES = List.of("baseline", "prohibited", "high-risk", "transparency", "tuned-model",
            "general-purpose");

    private BuiltInPolicies() {
    }

    public static List<PolicyEvaluation.Versioned> load() {
        return FILES.stream().map(BuiltInPolicies::read).map(text -> new PolicyEvaluation.Versioned(
                PolicyDocument.parse(text), PolicyDocument.sha256(text))).toList();
    }

    private static String read(String name) {
        String resource = "governance/policies/" + name + ".yaml";
        try (InputStream in = BuiltInPolicies.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
