package io.fmp.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redocly CLI (the OpenAPI linter) run from a test: its npm package (self-contained, no dependencies) and Node.js
 * through {@link NpmPackages}.
 */
public final class RedoclyCli {

    public static final String VERSION = "2.77.0";

    /** One problem Redocly reported. */
    public record Problem(String rule, String severity, String message, String location) {
    }

    private RedoclyCli() {
    }

    /** Lints a document with a config (its rules); every problem, errors and warnings alike. */
    public static List<Problem> lint(Path document, Path config) {
        Path node = NpmPackages.node();
        Path cli = NpmPackages.unpacked("@redocly/cli", "cli", VERSION).resolve("bin/cli.js");
        try {
            ProcessBuilder builder = new ProcessBuilder(node.toString(), cli.toString(), "lint", "--config",
                    config.toString(), "--format=json", document.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("REDOCLY_TELEMETRY", "off");
            builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("redocly lint did not finish in 5 minutes");
            }
            JsonNode report = new ObjectMapper().readTree(output);
            List<Problem> problems = new ArrayList<>();
            for (JsonNode problem : report.path("problems")) {
                problems.add(new Problem(problem.path("ruleId").asText(), problem.path("severity").asText(),
                        problem.path("message").asText(), problem.path("location").path(0).path("pointer").asText()));
            }
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException("running redocly lint failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
