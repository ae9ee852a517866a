package io.fmp.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Keycloak (the distribution from Maven Central, unpacked by the build; no Docker) in dev mode
 * on 127.0.0.1, with the test realm {@code fmp} imported: users in each role, a command-line client
 * (password grant) and a service account (client credentials), both issuing tokens for audience fmp.
 */
final class KeycloakServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static KeycloakServer start() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("fmp.keycloak.home", "target/keycloak/keycloak"));
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(home + " is missing: the build unpacks Keycloak before the tests");
        }
        Path imports = Files.createDirectories(home.resolve("data/import"));
        try (var realm = KeycloakServer.class.getResourceAsStream("/keycloak/fmp-realm.json")) {
            Files.copy(realm, imports.resolve("fmp-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = ServiceProcess.ROOT.resolve("deploy/target/e2e-logs/keycloak.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--import-realm", "--health-enabled=false",
                "--cache=local"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        KeycloakServer server = new KeycloakServer(builder.start(), port, log);
        server.awaitRealm(Duration.ofSeconds(180));
        return server;
    }

    String issuer() {
        return "http://127.0.0.1:" + port + "/realms/fmp";
    }

    /** A user's access token (password grant through the command-line client). */
    String userToken(String username, String password) {
        return token(Map.of("grant_type", "password", "client_id", "fmp-cli", "username", username,
                "password", password));
    }

    /** The service account's access token (client credentials). */
    String serviceAccountToken(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    private String token(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(issuer()
                            + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused the token request: " + answer.body());
            }
            return new ObjectMapper().readTree(answer.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitRealm(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited:\n" + tail());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak not up after " + timeout + ":\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
