package io.fmp.eval.runners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads trained heads from where the catalog says they are stored. */
public final class HeadStore {

    private HeadStore() {
    }

    /** Null when the URI can be read; otherwise why not. */
    public static String problem(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return "artifact URI '" + uri + "' is not a URI";
        }
        if (!"file".equals(parsed.getScheme())) {
            return "artifact URI scheme '" + parsed.getScheme() + "' is not readable here (file: is)";
        }
        Path path = Path.of(parsed);
        return Files.isReadable(path) ? null : "head file " + path + " cannot be read";
    }

    public static byte[] load(String uri) {
        String problem = problem(uri);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        try {
            return Files.readAllBytes(Path.of(URI.create(uri)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
