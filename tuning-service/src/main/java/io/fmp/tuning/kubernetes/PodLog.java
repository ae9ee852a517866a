package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.client.dsl.LogWatch;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One trainer pod's log, followed as a stream: each byte crosses the network once, however long the
 * run (reading the whole log at every poll would grow with the square of its length). A stream that
 * ends while the pod still runs (a dropped connection) is opened again at the next read; a new stream
 * starts at the log's beginning, so the bytes already received are skipped.
 */
final class PodLog implements AutoCloseable {

    /** How long a finished pod's stream may take to deliver its last bytes. */
    private static final long FINISH_WAIT_SECONDS = 10;

    private final Function<OutputStream, LogWatch> open;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** bytes of the log received so far, over every stream */
    private long received;
    /** bytes the current stream has delivered, counted from the log's beginning */
    private long streamOffset;
    private LogWatch stream;
    private boolean streamEnded;
    /** a finished pod's stream ended: the log is complete, nothing more will come */
    private boolean complete;

    /** @param open starts following the log, writing it to the given stream */
    PodLog(Function<OutputStream, LogWatch> open) {
        this.open = open;
    }

    /**
     * The log text received since the last call. For a finished pod it first waits (bounded) until
     * the stream has delivered everything.
     */
    String take(boolean podFinished) throws InterruptedException {
        LogWatch current;
        synchronized (this) {
            if (!complete && (stream == null || streamEnded)) {
                reopen();
            }
            current = stream;
        }
        if (podFinished && !complete) {
            try {
                current.onClose().toCompletableFuture().get(FINISH_WAIT_SECONDS, TimeUnit.SECONDS);
                complete = true;
            } catch (ExecutionException | TimeoutException e) {
                // what arrived is what there is; the next read tries again
            }
        }
        synchronized (this) {
            byte[] bytes = pending.toByteArray();
            int complete = completeUtf8(bytes);
            pending.reset();
            pending.write(bytes, complete, bytes.length - complete);
            return new String(Arrays.copyOf(bytes, complete), StandardCharsets.UTF_8);
        }
    }

    private void reopen() {
        if (stream != null) {
            stream.close();
        }
        streamOffset = 0;
        streamEnded = false;
        LogWatch opened = open.apply(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (PodLog.this) {
                    // a reopened stream repeats the log from its start: keep only what is new
                    long skip = Math.max(0, Math.min(length, received - streamOffset));
                    streamOffset += length;
                    if (skip < length) {
                        pending.write(bytes, offset + (int) skip, length - (int) skip);
                        received += length - skip;
                    }
                }
            }
        });
        stream = opened;
        opened.onClose().whenComplete((error, failure) -> {
            synchronized (PodLog.this) {
                if (stream == opened) {
                    streamEnded = true;
                }
            }
        });
    }

    /** The length of the longest prefix that ends on a whole UTF-8 character. */
    static int completeUtf8(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= Math.min(3, end); back++) {
            int b = bytes[end - back] & 0xFF;
            if (b < 0x80) {
                return end;
            }
            if (b >= 0xC0) {
                int size = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return back >= size ? end : end - back;
            }
        }
        return end;
    }

    @Override
    public synchronized void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
