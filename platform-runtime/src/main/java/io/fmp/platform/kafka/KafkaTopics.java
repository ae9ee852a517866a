package io.fmp.platform.kafka;

import io.fmp.contracts.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import io.fmp.platform.config.PlatformConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the domain topics and their dead-letter twins with the configured partitions and
 * replication, instead of relying on broker auto-creation with its defaults.
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
        List<NewTopic> wanted = new ArrayList<>();
        for (String topic : Topics.ALL) {
            wanted.add(new NewTopic(topic, settings.kafka().topicPartitions(), settings.kafka().topicReplication()));
            wanted.add(new NewTopic(Topics.deadLetterOf(topic), 1, settings.kafka().topicReplication()));
        }
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            for (var result : admin.createTopics(wanted).values().values()) {
                try {
                    result.get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        created = true;
    }
}
