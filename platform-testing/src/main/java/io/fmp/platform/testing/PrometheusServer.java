package io.fmp.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package: {@code .ci/run} installs it where missing) on loopback, for
 * tests: it scrapes the jobs it is given (one file-discovered scrape job per service, so a restarted service's new
 * port is taken up at once), evaluates the rule files it is started with, and answers queries. {@link #promtool}
 * runs the checker that comes with it.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path home;
    private final int port;

    private PrometheusServer(Process process, Path home, int port) {
        this.process = process;
        this.home = home;
        this.port = port;
    }

    /** Where a binary of the package is: on the PATH, or /usr/bin. */
    public static Path binary(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(name + " is not installed: apt-get install prometheus (.ci/run does)");
    }

    /** Runs promtool with the arguments; its exit status and what it printed. */
    public static Result promtool(String... arguments) {
        return promtool(null, arguments);
    }

    /** Runs promtool reading {@code input} (null: nothing) on its standard input ({@code check metrics}). */
    public static Result promtool(byte[] input, String... arguments) {
        List<String> command = new ArrayList<>(List.of(binary("promtool").toString()));
        command.addAll(List.of(arguments));
        return run(new ProcessBuilder(command), input);
    }

    public record Result(int exitCode, String output) {
    }

    /**
     * Starts Prometheus scraping the jobs (job name -> metrics path; targets come from {@link #target}) every
     * {@code interval}, evaluating {@code ruleFiles} at the same interval.
     */
    public static PrometheusServer start(Map<String, String> jobs, List<Path> ruleFiles, Duration interval) {
        try {
            Path home = Files.createTempDirectory("prometheus");
            StringBuilder config = new StringBuilder("global:\n  scrape_interval: " + interval.toMillis() + "ms\n"
                    + "  evaluation_interval: " + interval.toMillis() + "ms\nrule_files:\n");
            for (Path rules : ruleFiles) {
                config.append("  - ").append(rules.toAbsolutePath()).append('\n');
            }
            config.append("scrape_configs:\n");
            for (Map.Entry<String, String> job : jobs.entrySet()) {
                Path targets = home.resolve(job.getKey() + ".json");
                Files.writeString(targets, "[]");
                config.append("  - job_name: ").append(job.getKey()).append("\n    metrics_path: ").append(job.getValue())
                        .append("\n    file_sd_configs:\n      - files: [").append(targets).append("]\n");
            }
            Path file = home.resolve("prometheus.yml");
            Files.writeString(file, config);
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Process process = new ProcessBuilder(binary("prometheus").toString(), "--config.file=" + file,
                    "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(home.resolve("prometheus.log").toFile()).start();
            PrometheusServer server = new PrometheusServer(process, home, port);
            Eventually.await(server::ready, ready -> ready, Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("starting Prometheus failed", e);
        }
    }

    /** Points a job at one target ({@code host:port}), replacing the one before. */
    public void target(String job, String hostAndPort) {
        try {
            Path temporary = home.resolve(job + ".json.tmp");
            Files.writeString(temporary, "[{\"targets\": [\"" + hostAndPort + "\"]}]");
            Files.move(temporary, home.resolve(job + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The result vector or matrix of an instant query ({@code data.result}). */
    public JsonNode query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
    }

    /** The rule groups as Prometheus evaluates them ({@code data.groups}, each rule with its health). */
    public JsonNode ruleGroups() {
        return get("/api/v1/rules").path("data").path("groups");
    }

    /** The scrape targets ({@code data.activeTargets}, each with its health). */
    public JsonNode targets() {
        return get("/api/v1/targets").path("data").path("activeTargets");
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Prometheus answered " + response.statusCode() + " to " + pathAndQuery
                        + ": " + body.path("error").asText());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result run(ProcessBuilder builder, byte[] input) {
        try {
            Path stdin;
            // from a file: a tool that stops reading early (it found an error) must not break the pipe under us
            if (input != null) {
                stdin = Files.createTempFile("promtool-input", ".txt");
                Files.write(stdin, input);
                stdin.toFile().deleteOnExit();
                builder.redirectInput(stdin.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(builder.command() + " did not finish in 2 minutes");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("running " + builder.command() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
