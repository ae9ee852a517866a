package io.fmp.platform.outbox;

import io.fmp.platform.kafka.KafkaTopics;
import io.micrometer.core.instrument.Counter;
import io.fmp.platform.metrics.AgeGauge;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.fmp.platform.errors.RootCause;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.fmp.platform.config.PlatformConfig;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them published. While the
 * broker is away it keeps the rows and retries with capped exponential backoff; a row is only
 * marked after Kafka acknowledged it, so delivery is at-least-once (consumers de-duplicate).
 * <p>
 * Replicas of a service relay one at a time: a batch is claimed from the oldest unpublished row on
 * with {@code FOR UPDATE NOWAIT}, so while one replica holds those rows another fails at once and
 * waits for its next round instead of skipping ahead. Skipping ahead ({@code SKIP LOCKED}) would let
 * a later event of an aggregate reach Kafka before an earlier one still in flight; this way events
 * leave in outbox order and every key's events keep their order on its partition.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Hibernate's lock-timeout value for NOWAIT. */
    private static final int NO_WAIT = 0;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry metrics;

    @Inject
    KafkaTopics topics;

    @Inject
    PlatformConfig settings;

    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong pending = new AtomicLong();
    /** How long the oldest event not yet published has waited. */
    private AgeGauge oldestWaiting;
    private volatile boolean outage;
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, byte[]> producer;
    private Counter published;
    private KafkaClientMetrics producerMetrics;

    void start(@Observes StartupEvent event) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // fail fast while the broker is away; the rows stay in the outbox and are retried
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 6_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, config.getOrDefault("client.id", "outbox-relay"));
        producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(metrics);
        published = Counter.builder("fmp.outbox.published").description("Events published from the outbox to Kafka")
                .register(metrics);
        Gauge.builder("fmp.outbox.pending", pending, AtomicLong::get).description("Events written and not yet published")
                .register(metrics);
        oldestWaiting = new AgeGauge(metrics, "fmp.outbox.oldest.age", "How long the oldest event not yet published"
                + " has waited");
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producerMetrics.close();
        producer.close(Duration.ofSeconds(2));
    }

    /** Whether the last attempt to publish reached Kafka (false while the broker is away). */
    public boolean publishing() {
        return !outage;
    }

    /** Events written and not yet published. */
    public long pending() {
        return pending.get();
    }

    /** Called after a transaction with outbox rows commits, so events leave without waiting for the poll. */
    void wakeUp() {
        wakeUps.release();
    }

    private void run() {
        long backoffMs = 0;
        long nextCleanup = 0;
        while (running) {
            try {
                topics.ensureExist();
                int relayed;
                try {
                    relayed = relayBatch();
                } catch (RuntimeException e) {
                    if (!heldByAnotherReplica(e)) {
                        throw e;
                    }
                    relayed = 0;
                }
                if (outage) {
                    LOG.infof("Outbox relay publishing again; %d events waiting", pending.get());
                    outage = false;
                }
                backoffMs = 0;
                if (System.currentTimeMillis() > nextCleanup) {
                    deletePublishedBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(settings.outbox().retention()));
                    nextCleanup = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
                }
                if (relayed < settings.outbox().batchSize()) {
                    wakeUps.tryAcquire(settings.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!outage) {
                    LOG.warnf("Outbox relay cannot publish, will keep retrying: %s", RootCause.describe(e));
                    outage = true;
                }
                measureBacklog();
                backoffMs = Math.min(settings.outbox().maxBackoff().toMillis(), Math.max(100, backoffMs * 2));
                sleepQuietly(backoffMs);
            }
        }
    }

    /** Publishes up to one batch in one transaction; returns how many rows it relayed. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEvent> batch = OutboxEvent.<OutboxEvent>find("publishedAt is null order by seq")
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .withHint("jakarta.persistence.lock.timeout", NO_WAIT)
                    .page(0, settings.outbox().batchSize())
                    .list();
            List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
            for (OutboxEvent row : batch) {
                acks.add(producer.send(new ProducerRecord<>(row.topic, row.eventKey,
                        row.envelope.getBytes(StandardCharsets.UTF_8))));
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (int i = 0; i < batch.size(); i++) {
                try {
                    acks.get(i).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("Kafka did not acknowledge event " + batch.get(i).eventId, e);
                }
                batch.get(i).publishedAt = now;
            }
            published.increment(batch.size());
            // an empty claim means nothing is waiting (for this replica): spare the idle poll a count query
            if (batch.isEmpty()) {
                pending.set(0);
                oldestWaiting.since(null);
            } else {
                backlog();
            }
            return batch.size();
        });
    }

    /** Counts what waits, and since when (in the caller's transaction). */
    private void backlog() {
        pending.set(OutboxEvent.count("publishedAt is null"));
        OffsetDateTime oldest = OutboxEvent.find("select min(createdAt) from OutboxEvent where publishedAt is null")
                .project(OffsetDateTime.class).firstResult();
        oldestWaiting.since(oldest);
    }

    /** While Kafka is away the backlog grows unseen by the relay's own claims: count it anyway (database allowing). */
    private void measureBacklog() {
        try {
            QuarkusTransaction.requiringNew().run(this::backlog);
        } catch (RuntimeException e) {
            LOG.debugf("Outbox backlog not measured: %s", e.getMessage());
        }
    }

    private void deletePublishedBefore(OffsetDateTime cutoff) {
        QuarkusTransaction.requiringNew().run(() -> OutboxEvent.delete("publishedAt < ?1", cutoff));
    }

    /** Whether the claim failed because another replica is relaying (its rows locked). */
    static boolean heldByAnotherReplica(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PessimisticLockException || cause instanceof LockTimeoutException
                    || cause instanceof org.hibernate.PessimisticLockException) {
                return true;
            }
        }
        return false;
    }


    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
