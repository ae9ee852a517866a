package io.fmp.deploy;

import io.fmp.platform.testing.PostgresDatabase;
import io.fmp.platform.testing.TestIdentityProvider;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service ({@code target/quarkus-app}) running as a child process, as in production. */
final class ServiceProcess implements AutoCloseable {

    /** What the suite's processes sign their caller tokens with (a Secret in deployments). */
    static final String INTERNAL_TOKEN_SECRET = "e2e-internal-token-secret-" + java.util.UUID.randomUUID();

    static final Path ROOT = Path.of(System.getProperty("fmp.repository.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int httpPort;
    final int grpcPort;
    /** Health and metrics: the management interface, apart from the API (as in production). */
    final int managementPort;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, int httpPort, int grpcPort, int managementPort, Path log, Process process) {
        this.name = name;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(String name, Map<String, String> env) {
        return start(name, env, freePort(), freePort());
    }

    /** On given ports, e.g. to restart a service where its callers expect it. */
    static ServiceProcess start(String name, Map<String, String> env, int httpPort, int grpcPort) {
        Path jar = ROOT.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the build (./mvnw verify) so the services are packaged");
        }
        try {
            // a directory per test class, a file per process started (a restarted service gets a new one), so a
            // failure's logs survive the suites that run after it
            String suite = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                    .filter(c -> c.endsWith("Test")).findFirst().orElse("suite"));
            Path logDir = ROOT.resolve("deploy/target/e2e-logs").resolve(suite.substring(suite.lastIndexOf('.') + 1));
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            for (int n = 2; Files.exists(log); n++) {
                log = logDir.resolve(name + "-" + n + ".log");
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx" + heap(name), "-XX:+UseSerialGC", "-jar",
                    jar.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            // the caller tokens on gRPC calls between the suite's processes
            builder.environment().put(name.equals("gateway") ? "FMP_GATEWAY_AUTH_INTERNAL_TOKEN_SECRET"
                    : "FMP_IDENTITY_INTERNAL_TOKEN_SECRET", INTERNAL_TOKEN_SECRET);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
            builder.environment().put("QUARKUS_GRPC_SERVER_PORT", Integer.toString(grpcPort));
            int managementPort = freePort();
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            return new ServiceProcess(name, httpPort, grpcPort, managementPort, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The identity provider every gateway of the suite trusts; its tokens are how the tests sign in. */
    static synchronized TestIdentityProvider identityProvider() {
        if (identityProvider == null) {
            identityProvider = TestIdentityProvider.start();
            Runtime.getRuntime().addShutdownHook(new Thread(identityProvider::close));
        }
        return identityProvider;
    }

    private static TestIdentityProvider identityProvider;

    /** A platform administrator's token, what the tests act as unless they say otherwise. */
    static String adminToken() {
        return identityProvider().token("e2e-admin", "platform-admin");
    }

    /**
     * Starts the gateway in front of the given services (name without "-service" -> gRPC port; the
     * others unreachable), trusting the suite's identity provider, waits until it is ready and points
     * REST Assured at it as a platform administrator.
     */
    static ServiceProcess gateway(Map<String, Integer> grpcPorts) throws InterruptedException {
        return gateway(grpcPorts, identityProvider().issuer(), adminToken());
    }

    /** The same, trusting the given issuer, and acting as the given platform administrator. */
    static ServiceProcess gateway(Map<String, Integer> grpcPorts, String issuer, String adminCredential)
            throws InterruptedException {
        Map<String, String> env = new HashMap<>();
        for (String service : List.of("catalog", "eval", "tuning", "governance")) {
            env.put("FMP_" + service.toUpperCase(Locale.ROOT) + "_GRPC_PORT",
                    Integer.toString(grpcPorts.getOrDefault(service, 1)));
        }
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1");
        env.put("FMP_GATEWAY_AUTH_OIDC_ISSUER", issuer);
        // Keycloak's realm roles; the test issuer puts them there too
        env.put("FMP_GATEWAY_AUTH_OIDC_ROLES_CLAIM", "realm_access.roles");
        // a revoked key stops working within a second here (30 s by default)
        env.put("FMP_GATEWAY_AUTH_CACHE_TTL", "1s");
        // the model servers behind external deployments listen on loopback; deployments are seen within half a second
        env.put("FMP_GATEWAY_SERVING_ALLOW_LOOPBACK", "true");
        env.put("FMP_GATEWAY_SERVING_REFRESH_EVERY", "500ms");
        ServiceProcess gateway = start("gateway", env);
        gateway.awaitReady(Duration.ofSeconds(120));
        RestAssured.baseURI = gateway.url();
        RestAssured.port = gateway.httpPort;
        // a new builder starts from the current default specification: drop the one of an earlier suite's gateway
        RestAssured.requestSpecification = null;
        RestAssured.requestSpecification = new RequestSpecBuilder().setBaseUri(gateway.url()).setPort(gateway.httpPort)
                .addHeader("Authorization", "Bearer " + adminCredential).build();
        return gateway;
    }

    /** A request to the current gateway with this credential instead of the suite's administrator's. */
    static io.restassured.specification.RequestSpecification as(String credential) {
        return io.restassured.RestAssured.given().config(io.restassured.RestAssured.config().headerConfig(
                        io.restassured.config.HeaderConfig.headerConfig().overwriteHeadersWithName("Authorization")))
                .header("Authorization", "Bearer " + credential);
    }

    /**
     * The environment of a service on a fresh PostgreSQL database and the test broker; traces go
     * nowhere, the catalog starts empty (tests count the models they register).
     */
    static Map<String, String> serviceEnv(String database, String kafkaBootstrap) {
        Map<String, String> env = new HashMap<>();
        env.put("FMP_DB_URL", PostgresDatabase.recreate(database));
        env.put("FMP_DB_USER", PostgresDatabase.user());
        env.put("FMP_DB_PASSWORD", PostgresDatabase.password());
        env.put("FMP_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1");
        env.put("FMP_CATALOG_SEED_ENABLED", "false");
        return env;
    }

    /** Closes each, in order, reporting rather than stopping at one that fails. */
    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + resource + ": " + e);
            }
        }
    }

    /** eval-service and tuning-service run ONNX encoders, which load their models through the heap. */
    static String heap(String name) {
        return name.equals("eval-service") || name.equals("tuning-service") ? "768m" : "256m";
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if the process dies first. */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail());
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logTail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** SIGKILL: the process dies at once, with whatever it had in flight (a crash, an OOM kill). */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, so the service shuts down gracefully, as Kubernetes would stop it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ports handed out in this JVM: the kernel may offer a port again before the process it was meant for binds it. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port nothing listens on and this suite has not handed out before (a service's HTTP and management ports
     * once came out equal, and its health checks then reached the API server).
     */
    static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
