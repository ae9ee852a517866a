package io.fmp.tuning.kubernetes;

import io.fabric8.kubernetes.client.dsl.LogWatch;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodLogTest {

    /** A follow stream that delivers the log as it is now and ends (as the mock API server's does). */
    private static LogWatch deliver(OutputStream out, byte[] log) {
        try {
            out.write(log);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LogWatch() {
            @Override
            public InputStream getOutput() {
                return null;
            }

            @Override
            public CompletionStage<Throwable> onClose() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aReopenedStreamHandsOutOnlyWhatIsNewAndNeverSplitsACharacter() throws InterruptedException {
        StringBuilder log = new StringBuilder("{'loss': 2.0, 'epoch': 0.5}\n");
        AtomicInteger opened = new AtomicInteger();
        PodLog podLog = new PodLog(out -> {
            opened.incrementAndGet();
            byte[] bytes = log.toString().getBytes(StandardCharsets.UTF_8);
            return deliver(out, bytes);
        });
        assertEquals("{'loss': 2.0, 'epoch': 0.5}\n", podLog.take(false));

        log.append(" 50%|█████     | 5/10\n");
        assertEquals(" 50%|█████     | 5/10\n", podLog.take(false), "the stream ended: a new one, old bytes skipped");
        assertEquals(2, opened.get());

        log.append("{'eval_loss': 1.5, 'epoch': 1.0}\n");
        assertEquals("{'eval_loss': 1.5, 'epoch': 1.0}\n", podLog.take(true));
        assertEquals("", podLog.take(true), "a finished pod's complete log is not read again");
        assertEquals(3, opened.get());
    }

    @Test
    void aCharacterCutBetweenTwoWritesWaitsForItsLastByte() {
        byte[] bar = "█".getBytes(StandardCharsets.UTF_8);
        assertEquals(3, bar.length);
        assertEquals(0, PodLog.completeUtf8(new byte[]{bar[0], bar[1]}));
        assertEquals(1, PodLog.completeUtf8(new byte[]{'x', bar[0]}));
        assertEquals(4, PodLog.completeUtf8(new byte[]{'x', bar[0], bar[1], bar[2]}));
        assertEquals(2, PodLog.completeUtf8("ab".getBytes(StandardCharsets.UTF_8)));
    }
}
