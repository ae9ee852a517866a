package io.fmp.gateway.serving;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Numbered batches sent until they are acknowledged: a batch that did not arrive goes again, with the same id, before
 * anything newer, so the receiver (which remembers the ids it recorded) counts it once. One batch in flight at a time;
 * the gateway's meters call {@link #flush} from a timer.
 *
 * @param <B> the batch message
 */
final class ResentBatches<B> {

    private static final Logger LOG = Logger.getLogger(ResentBatches.class);

    private final String idPrefix;
    private long sequence;
    private volatile B unsent;
    private volatile boolean sending;

    /** @param kind what the batches carry, part of their ids (ids are unique per replica start) */
    ResentBatches(String kind) {
        this.idPrefix = "gateway-" + UUID.randomUUID().toString().substring(0, 8) + "-" + kind + "-";
    }

    /**
     * Sends the batch that did not arrive, else the one {@code next} makes for the next id (null: nothing to send).
     * {@code sent} runs once the receiver acknowledged it.
     */
    void flush(Function<String, B> next, Function<B, Uni<?>> send, Consumer<B> sent) {
        if (sending) {
            return;
        }
        B batch = unsent;
        if (batch == null) {
            batch = next.apply(idPrefix + (sequence + 1));
            if (batch == null) {
                return;
            }
            sequence++;
            unsent = batch;
        }
        B sendingBatch = batch;
        sending = true;
        send.apply(sendingBatch).subscribe().with(acknowledged -> {
            unsent = null;
            sending = false;
            sent.accept(sendingBatch);
        }, error -> {
            sending = false;
            LOG.debugf("Batch %s not recorded yet: %s", idPrefix + sequence, error.toString());
        });
    }
}
