package io.fmp.platform.consumer;

import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.Topics;
import io.fmp.platform.errors.RootCause;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead letters this service's consumer parked (on each consumed topic's {@code .dlq} twin,
 * marked with its group), listed and replayed by an operator once the cause is fixed. A replay runs
 * the event through the same handler and processed-event record as live consumption, so an event
 * is applied once however often it is replayed or redelivered. The dead-letter topics are read
 * without a consumer group: listing moves no offsets.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    IdempotentEventConsumer consumer;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** One parked message; the event fields are empty when it was not an event at all. */
    public record Entry(String topic, int partition, long offset, String originalTopic, int originalPartition,
                        long originalOffset, String eventId, String eventType, String subject, String error,
                        Instant parkedAt, boolean applied) {
    }

    public enum Outcome { APPLIED, ALREADY_APPLIED }

    public record Replay(Entry entry, Outcome outcome) {
    }

    public String group() {
        return consumer.group();
    }

    /** This group's dead letters, oldest first per topic. */
    public List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : consumer.subscribedTopics()) {
                List<PartitionInfo> infos = reader.partitionsFor(Topics.deadLetterOf(topic), READ_TIMEOUT);
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            if (partitions.isEmpty()) {
                return entries;
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(reader.endOffsets(partitions, READ_TIMEOUT));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> reader.position(e.getKey(), READ_TIMEOUT) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the dead-letter topics took longer than " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (ours(record)) {
                        entries.add(entry(record));
                    }
                }
            }
        }
        return entries;
    }

    /** Applies the dead letter at this address through the service's handler, at most once. */
    public Replay replay(String topic, int partition, long offset) {
        ConsumerRecord<String, byte[]> record = read(topic, partition, offset);
        EventEnvelope event;
        try {
            event = EventCodec.decode(record.value());
        } catch (IllegalArgumentException e) {
            throw new StateConflictException("the dead letter at " + address(topic, partition, offset)
                    + " is not an event (" + e.getMessage() + "); it cannot be replayed");
        }
        boolean applied;
        try {
            applied = consumer.applyOnce(event);
        } catch (RuntimeException e) {
            // the cause is not fixed yet: nothing was written, the letter stays where it is
            throw new StateConflictException("replaying " + event.type() + " " + event.id() + " failed again: "
                    + RootCause.describe(e));
        }
        LOG.infof("Dead letter %s (%s %s) replayed: %s", address(topic, partition, offset), event.type(), event.id(),
                applied ? "applied" : "had been applied already");
        return new Replay(entry(record), applied ? Outcome.APPLIED : Outcome.ALREADY_APPLIED);
    }

    private ConsumerRecord<String, byte[]> read(String topic, int partition, long offset) {
        boolean consumed = consumer.subscribedTopics().stream().anyMatch(t -> Topics.deadLetterOf(t).equals(topic));
        if (!consumed || partition < 0 || offset < 0) {
            throw new ResourceNotFoundException("dead letter of " + group(), address(topic, partition, offset));
        }
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            TopicPartition at = new TopicPartition(topic, partition);
            if (reader.partitionsFor(topic, READ_TIMEOUT).stream().noneMatch(p -> p.partition() == partition)
                    || reader.endOffsets(List.of(at), READ_TIMEOUT).get(at) <= offset) {
                throw new ResourceNotFoundException("dead letter of " + group(), address(topic, partition, offset));
            }
            reader.assign(List.of(at));
            reader.seek(at, offset);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset && ours(record)) {
                        return record;
                    }
                    if (record.offset() >= offset) {
                        throw new ResourceNotFoundException("dead letter of " + group(),
                                address(topic, partition, offset));
                    }
                }
            }
            throw new IllegalStateException("reading " + address(topic, partition, offset) + " took longer than "
                    + READ_TIMEOUT);
        }
    }

    private boolean ours(ConsumerRecord<String, byte[]> record) {
        return group().equals(header(record, "fmp.dlq.consumer"));
    }

    private Entry entry(ConsumerRecord<String, byte[]> record) {
        String id = "";
        String type = "";
        String subject = "";
        boolean applied = false;
        try {
            EventEnvelope event = EventCodec.decode(record.value());
            id = event.id();
            type = event.type();
            subject = event.subject() == null ? "" : event.subject();
            applied = processedEvents.isProcessed(group(), id);
        } catch (IllegalArgumentException notAnEvent) {
            // listed as it is: an operator may want to see it, not replay it
        }
        return new Entry(record.topic(), record.partition(), record.offset(), header(record, "fmp.dlq.topic"),
                (int) number(header(record, "fmp.dlq.partition")), number(header(record, "fmp.dlq.offset")), id, type,
                subject, header(record, "fmp.dlq.error"), Instant.ofEpochMilli(record.timestamp()), applied);
    }

    private KafkaConsumer<String, byte[]> reader() {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group() + "-dead-letters");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long number(String text) {
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }

    private static String address(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

}
