package io.fmp.platform.kafka;

import io.fmp.contracts.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import io.fmp.platform.config.PlatformConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the domain topics and their dead-letter twins with the configured partitions, replication
 * and {@code min.insync.replicas}, instead of relying on broker auto-creation with its defaults, and
 * sets {@code min.insync.replicas} on topics that exist already (the setting may have changed).
 */
@ApplicationScoped
public class KafkaTopics {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    PlatformConfig settings;

    private volatile boolean created;

    /** Idempotent; throws while the broker cannot be reached, so callers retry. */
    public void ensureExist() throws Exception {
        if (created) {
            return;
        }
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            for (var result : admin.createTopics(wanted(settings.kafka())).values().values()) {
                try {
                    result.get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<ConfigResource, Collection<AlterConfigOp>> minInsync = new HashMap<>();
            for (NewTopic topic : wanted(settings.kafka())) {
                minInsync.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                topic.configs().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)),
                        AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(minInsync).all().get(15, TimeUnit.SECONDS);
        }
        created = true;
    }

    /** Every domain topic and its dead-letter twin, as the settings want them. */
    static List<NewTopic> wanted(PlatformConfig.Kafka kafka) {
        if (kafka.minInsyncReplicas() < 1 || kafka.minInsyncReplicas() > kafka.topicReplication()) {
            // above the replication factor no write with acks=all could ever succeed
            throw new IllegalArgumentException("fmp.kafka.min-insync-replicas must be between 1 and the replication"
                    + " factor (" + kafka.topicReplication() + "), was " + kafka.minInsyncReplicas());
        }
        Map<String, String> configs = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(kafka.minInsyncReplicas()));
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : Topics.ALL) {
            wanted.add(new NewTopic(topic, kafka.topicPartitions(), kafka.topicReplication()).configs(configs));
            wanted.add(new NewTopic(Topics.deadLetterOf(topic), 1, kafka.topicReplication()).configs(configs));
        }
        return wanted;
    }
}
