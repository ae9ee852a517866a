package io.fmp.inference.encoders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Model files shipped as classpath resources. ONNX Runtime loads a model from a file without
 * copying it through the Java heap (the two encoders are 90 and 133 MB), so a model is copied once
 * into a directory that processes share ({@code fmp.model-cache}, default {@code <tmp>/fmp-models})
 * under a name with the jar entry's CRC, and reused while its size matches.
 */
final class ModelFiles {

    static final String CACHE_PROPERTY = "fmp.model-cache";

    private ModelFiles() {
    }

    static InputStream open(String resource) throws IOException {
        InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the classpath (its model artifact is missing)");
        }
        return in;
    }

    static Path materialise(String resource) {
        URL url = ModelFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException(resource + " is not on the classpath (its model artifact is missing)");
        }
        try {
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            Path directory = Path.of(System.getProperty(CACHE_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "fmp-models").toString()));
            String version = connection instanceof JarURLConnection jar && jar.getJarEntry() != null
                    ? Long.toHexString(jar.getJarEntry().getCrc()) : Long.toString(size);
            Path target = directory.resolve(version + "-" + resource);
            if (Files.isRegularFile(target) && Files.size(target) == size) {
                return target;
            }
            Files.createDirectories(directory);
            // written aside and moved into place, so a process never loads another's half-written copy
            Path partial = Files.createTempFile(directory, resource, ".partial");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + resource + " out of its artifact", e);
        }
    }
}
