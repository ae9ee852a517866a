package io.fmp.platform.consumer;

import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.config.PlatformConfig;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.kafka.KafkaTopics;
import io.fmp.platform.tracing.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the service's {@link EventHandler}s from Kafka, exactly once per event id: each event's
 * effect and its processed-event row commit in one transaction, and offsets are committed only
 * after that. A failing event is retried a bounded number of times, then parked on the topic's
 * dead-letter twin with the error in its headers, so one poison message cannot stall the stream.
 */
@ApplicationScoped
public class IdempotentEventConsumer {

    private static final Logger LOG = Logger.getLogger(IdempotentEventConsumer.class);

    @Inject
    Instance<EventHandler> handlers;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    Tracer tracer;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "quarkus.application.name")
    String consumerGroup;

    @Inject
    PlatformConfig settings;

    @Inject
    KafkaTopics topics;

    /** What the consumer is doing, for health: consuming, or waiting to restart after a failure. */
    public record Status(boolean enabled, boolean consuming, int restarts, String lastFailure) {
    }

    private final Map<String, EventHandler> handlerByType = new HashMap<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Status status = new Status(false, false, 0, null);
    private Map<String, Object> consumerConfig;
    private KafkaProducer<String, byte[]> deadLetters;
    private KafkaClientMetrics deadLetterMetrics;
    private Thread worker;

    void start(@Observes StartupEvent event) {
        for (EventHandler handler : handlers) {
            handler.eventTypes().forEach(type -> handlerByType.put(type, handler));
        }
        if (handlerByType.isEmpty()) {
            return;
        }
        consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        Map<String, Object> producerConfig = new HashMap<>(kafkaConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        deadLetters = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        deadLetterMetrics = new KafkaClientMetrics(deadLetters);
        deadLetterMetrics.bindTo(metrics);
        // at zero, so dashboards and the dead-letter alert see every topic before its first dead letter
        subscribedTopics().forEach(this::deadLettered);
        running = true;
        worker = new Thread(this::supervise, "event-consumer");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (!running) {
            return;
        }
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetterMetrics.close();
        deadLetters.close(Duration.ofSeconds(2));
    }

    /** The consumer group: the service's name. */
    public String group() {
        return consumerGroup;
    }

    /** The topics this service consumes (those of the event types its handlers take). */
    public Set<String> subscribedTopics() {
        Set<String> topics = new TreeSet<>();
        handlerByType.keySet().forEach(type -> topics.add(EventTypes.topicOf(type)));
        return topics;
    }

    public Status status() {
        return status;
    }

    /**
     * Runs the consumer and, when it fails for a reason it cannot handle itself (a bug in a handler's
     * framework, a broker answer it does not expect), starts a new one after a growing pause: a
     * stopped consumer would silently leave the service behind its events.
     */
    private void supervise() {
        long pauseMs = 1_000;
        int restarts = 0;
        while (running) {
            consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
            status = new Status(true, true, restarts, status.lastFailure());
            RuntimeException failure = run();
            if (failure == null || !running) {
                return;
            }
            restarts++;
            status = new Status(true, false, restarts, failure.getClass().getSimpleName() + ": " + failure.getMessage());
            LOG.errorf(failure, "Event consumer failed; restarting it in %d ms (restart %d)", pauseMs, restarts);
            sleep(pauseMs);
            pauseMs = Math.min(30_000, pauseMs * 2);
        }
    }

    /** Consumes until stopped; returns the failure that ended it, or null. */
    private RuntimeException run() {
        // the consumer's own metrics (records lag, fetch rate, commits) while it lives
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(metrics);
        try {
            ensureTopicsExist();
            consumer.subscribe(subscribedTopics());
            LOG.infof("Consuming %s as group %s for %s", subscribedTopics(), consumerGroup, handlerByType.keySet());
            while (running) {
                ConsumerRecords<String, byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // the broker away or a rebalance gone wrong: nothing was handed out, so ask again
                    LOG.warnf("Polling %s failed (%s); retrying in 1 s", subscribedTopics(), e.getMessage());
                    Thread.sleep(1_000);
                    continue;
                }
                for (TopicPartition partition : records.partitions()) {
                    consumePartition(partition, records.records(partition));
                }
            }
            return null;
        } catch (WakeupException | InterruptedException e) {
            return running ? new IllegalStateException("woken up while running", e) : null;
        } catch (RuntimeException e) {
            return e;
        } finally {
            consumerMetrics.close();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void consumePartition(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
        long next = -1;
        int batched = settings.consumer().batchSize() > 1 ? applyInBatches(records) : 0;
        if (batched > 0) {
            next = records.get(batched - 1).offset() + 1;
        }
        for (ConsumerRecord<String, byte[]> record : records.subList(batched, records.size())) {
            if (!running || !consumeRecord(record)) {
                // not done with this record (shutting down, or the dead-letter topic unreachable): read it again
                consumer.seek(partition, record.offset());
                break;
            }
            next = record.offset() + 1;
        }
        // one commit per batch: a crash before it only replays events the processed-event table skips
        if (next >= 0) {
            try {
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
            } catch (RetriableException | CommitFailedException e) {
                // the broker died or the group rebalanced mid-commit: the batch is applied and recorded in
                // processed_event, so a later commit covers it or its events come again and are skipped
                LOG.warnf("Committing %s at %d failed (%s); consuming on", partition, next, e.getMessage());
            }
        }
    }

    /**
     * Applies the records in transactions of up to {@code batch-size} events, each event and its processed-event
     * row as one would alone. Stops at the first batch that fails (or holds a record that is no event): it and
     * the rest are consumed one by one.
     *
     * @return how many records from the start are applied
     */
    private int applyInBatches(List<ConsumerRecord<String, byte[]>> records) {
        int size = settings.consumer().batchSize();
        int done = 0;
        while (running && done < records.size()) {
            List<ConsumerRecord<String, byte[]>> batch = records.subList(done, Math.min(records.size(), done + size));
            List<EventEnvelope> events = new ArrayList<>();
            try {
                for (ConsumerRecord<String, byte[]> record : batch) {
                    events.add(EventCodec.decode(record.value()));
                }
                Map<String, String> outcomes = QuarkusTransaction.requiringNew().call(() -> applyBatch(events));
                outcomes.forEach((event, outcome) -> count(event.substring(event.indexOf(' ') + 1), outcome));
                done += batch.size();
            } catch (RuntimeException e) {
                LOG.debugf("A batch of %d events failed (%s); applying them one by one", batch.size(), e.getMessage());
                return done;
            }
        }
        return done;
    }

    /**
     * One transaction for the batch: which events were applied before is one query, their processed-event rows
     * one JDBC batch; each new event goes to its handler acting for its actor, its trace in what it logs.
     *
     * @return "event-id type" -> processed, duplicate or ignored
     */
    private Map<String, String> applyBatch(List<EventEnvelope> events) {
        Set<String> seen = new HashSet<>(processedEvents.processedAmong(consumerGroup,
                events.stream().map(EventEnvelope::id).toList()));
        Map<String, String> applied = new LinkedHashMap<>();
        List<EventEnvelope> fresh = new ArrayList<>();
        for (EventEnvelope event : events) {
            String key = event.id() + " " + event.type();
            EventHandler handler = handlerByType.get(event.type());
            if (handler == null) {
                applied.put(key, "ignored");
            } else if (!seen.add(event.id())) {
                applied.put(key, "duplicate");
            } else {
                MDC.put("traceId", event.traceId() == null ? "" : event.traceId());
                try {
                    Callers.as(actorOf(event), () -> {
                        handler.handle(event);
                        return null;
                    });
                } finally {
                    MDC.remove("traceId");
                }
                fresh.add(event);
                applied.put(key, "processed");
            }
        }
        processedEvents.markAllProcessed(consumerGroup, fresh);
        return applied;
    }

    /** Who caused the event: its handler acts for them, so what it emits names the same actor. */
    private static Principal actorOf(EventEnvelope event) {
        return event.actor() == null ? null : new Principal(event.actor(), "", List.of(), false);
    }

    /** @return true when the record is dealt with (applied, skipped or dead-lettered) */
    private boolean consumeRecord(ConsumerRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = EventCodec.decode(record.value());
        } catch (IllegalArgumentException e) {
            return deadLetter(record, e);
        }
        EventHandler handler = handlerByType.get(event.type());
        if (handler == null) {
            count(event.type(), "ignored");
            return true;
        }
        Span span = tracer.spanBuilder("consume " + event.type())
                .setParent(TraceContext.fromTraceparent(event.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.message.id", event.id())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            MDC.put("traceId", span.getSpanContext().getTraceId());
            MDC.put("spanId", span.getSpanContext().getSpanId());
            RuntimeException lastError = null;
            for (int attempt = 1; attempt <= settings.consumer().maxAttempts(); attempt++) {
                try {
                    count(event.type(), applyOnce(handler, event) ? "processed" : "duplicate");
                    return true;
                } catch (RuntimeException e) {
                    lastError = e;
                    LOG.warnf("Event %s (%s) failed, attempt %d of %d: %s", event.id(), event.type(), attempt,
                            settings.consumer().maxAttempts(), e.getMessage());
                    sleep(settings.consumer().retryBackoff().toMillis() << (attempt - 1));
                }
            }
            span.recordException(lastError);
            return deadLetter(record, lastError);
        } finally {
            span.end();
            MDC.remove("traceId");
            MDC.remove("spanId");
        }
    }

    /**
     * Applies an event through this service's handler unless the group has applied it before (a dead
     * letter replayed by an operator).
     *
     * @return true when the handler ran now, false when the event had been applied already
     * @throws IllegalArgumentException when no handler of this service takes the event's type
     */
    public boolean applyOnce(EventEnvelope event) {
        EventHandler handler = handlerByType.get(event.type());
        if (handler == null) {
            throw new IllegalArgumentException(consumerGroup + " has no handler for " + event.type());
        }
        boolean applied = applyOnce(handler, event);
        count(event.type(), applied ? "replayed" : "duplicate");
        return applied;
    }

    /**
     * The effect and its processed-event row in one transaction: both or neither. The handler acts for
     * whoever caused the event, so what it emits names the same actor.
     */
    private boolean applyOnce(EventHandler handler, EventEnvelope event) {
        return QuarkusTransaction.requiringNew().call(() -> applyHere(handler, event));
    }

    /** The event and its processed-event row in the caller's transaction, acting for the event's actor. */
    private boolean applyHere(EventHandler handler, EventEnvelope event) {
        return Callers.as(actorOf(event), () -> {
            if (!processedEvents.markProcessed(consumerGroup, event.id(), event.type())) {
                return false;
            }
            handler.handle(event);
            return true;
        });
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, Exception error) {
        String target = Topics.deadLetterOf(record.topic());
        ProducerRecord<String, byte[]> parked = new ProducerRecord<>(target, record.key(), record.value());
        parked.headers()
                .add("fmp.dlq.error", String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8))
                .add("fmp.dlq.topic", record.topic().getBytes(StandardCharsets.UTF_8))
                .add("fmp.dlq.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
                .add("fmp.dlq.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8))
                .add("fmp.dlq.consumer", consumerGroup.getBytes(StandardCharsets.UTF_8));
        try {
            deadLetters.send(parked).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("Cannot park %s-%d@%d on %s yet: %s", record.topic(), record.partition(), record.offset(),
                    target, e.getMessage());
            sleep(1_000);
            return false;
        }
        LOG.errorf("Dead-lettered %s-%d@%d to %s: %s", record.topic(), record.partition(), record.offset(), target,
                error.getMessage());
        deadLettered(record.topic()).increment();
        return true;
    }

    /** Waits until the topics exist (creating them), retrying while the broker is away. */
    private void ensureTopicsExist() {
        while (running) {
            try {
                topics.ensureExist();
                return;
            } catch (Exception e) {
                LOG.warnf("Cannot create topics yet, retrying: %s", e.getMessage());
                sleep(2_000);
            }
        }
    }

    private Counter deadLettered(String topic) {
        return Counter.builder("fmp.events.dead_lettered").tag("topic", topic)
                .description("Events parked on the dead-letter topic after their retries").register(metrics);
    }

    private void count(String type, String outcome) {
        Counter.builder("fmp.events.consumed").tag("type", type).tag("outcome", outcome)
                .description("Events handled: processed, duplicate (applied before) or replayed").register(metrics)
                .increment();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
