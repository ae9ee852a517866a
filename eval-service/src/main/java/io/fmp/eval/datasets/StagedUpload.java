package io.fmp.eval.datasets;

import io.fmp.contracts.errors.InvalidInputException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of an upload as they arrive, written to a temporary file (never held in memory) and
 * counted against the size limit. The header comes first; a stream that breaks the rules is
 * drained and refused with the reason.
 */
public final class StagedUpload implements AutoCloseable {

    private final long maxBytes;
    private final Path file;
    private final OutputStream out;
    private long bytes;
    private String problem;
    private String name;
    private DatasetReader.Format format;
    private String description;
    private boolean headerSeen;

    public StagedUpload(long maxBytes) {
        this.maxBytes = maxBytes;
        try {
            this.file = Files.createTempFile("fmp-dataset-", ".upload");
            this.out = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the upload", e);
        }
    }

    /** The first part of the stream. */
    public void header(String datasetName, DatasetReader.Format datasetFormat, String datasetDescription) {
        if (headerSeen) {
            problem = problem == null ? "the stream has a second header; send it once, first" : problem;
            return;
        }
        if (bytes > 0) {
            problem = problem == null ? "data came before the header; send the header first" : problem;
        }
        headerSeen = true;
        name = datasetName;
        format = datasetFormat;
        description = datasetDescription;
    }

    public void data(byte[] chunk) {
        if (problem != null) {
            return;
        }
        if (!headerSeen) {
            problem = "data came before the header; send the header first";
            return;
        }
        if (bytes + chunk.length > maxBytes) {
            problem = "is larger than the limit of " + maxBytes + " bytes";
            return;
        }
        try {
            out.write(chunk);
            bytes += chunk.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the upload", e);
        }
    }

    /** The staged file, complete; InvalidInputException when the stream broke a rule. */
    public Path complete() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!headerSeen && problem == null) {
            problem = "the stream has no header (name, format)";
        }
        if (problem != null) {
            throw new InvalidInputException("file", problem);
        }
        return file;
    }

    public String name() {
        return name;
    }

    public DatasetReader.Format format() {
        return format;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temp file left behind is removed with the temp directory
        }
    }
}
