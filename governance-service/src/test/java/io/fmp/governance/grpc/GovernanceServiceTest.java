package io.fmp.governance.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.contracts.events.EvalEndpointRefused;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.events.TuningCompleted;
import io.fmp.contracts.events.TuningProgress;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.fmp.contracts.governance.v1.VerifyAuditChainRequest;
import io.fmp.contracts.governance.v1.VerifyAuditChainResponse;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.operations.v1.DeadLetter;
import io.fmp.contracts.operations.v1.DeadLettersGrpc;
import io.fmp.contracts.operations.v1.ListDeadLettersRequest;
import io.fmp.contracts.operations.v1.ReplayDeadLetterRequest;
import io.fmp.contracts.operations.v1.ReplayOutcome;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_governance_test"))
class GovernanceServiceTest {

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    @GrpcClient("governance")
    DeadLettersGrpc.DeadLettersBlockingStub deadLetters;

    @Inject
    EntityManager entityManager;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    private static EventEnvelope modelRegistered(String modelId) {
        return modelRegistered(modelId, "shared");
    }

    private static EventEnvelope modelRegistered(String modelId, String project) {
        return new EventEnvelope(UUID.randomUUID().toString(), EventTypes.MODEL_REGISTERED, "catalog-service", modelId,
                Instant.now().truncatedTo(ChronoUnit.MICROS), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                EventCodec.toData(new ModelRegistered(modelId, "Flan-UL2", "Google", "1.0", 20_000_000_000L,
                        "apache-2.0", 2048, List.of("text2text-generation"), null, project)));
    }

    private List<AuditRecord> audit(String subject) {
        return governance.listAuditRecords(ListAuditRecordsRequest.newBuilder().setSubject(subject).build())
                .getRecordsList();
    }

    private static <T> T eventually(Supplier<T> read, Predicate<T> done) {
        return Eventually.await(read, done, Duration.ofSeconds(30));
    }

    @Test
    void aModelRegisteredEventBecomesOneChainedAuditRecordWithItsTrace() throws Exception {
        EventEnvelope event = modelRegistered(UUID.randomUUID().toString());
        kafka.send(Topics.CATALOG, event);

        AuditRecord record = eventually(() -> audit(event.subject()), r -> r.size() == 1).get(0);

        assertEquals(event.id(), record.getEventId());
        assertEquals(EventTypes.MODEL_REGISTERED, record.getEventType());
        assertEquals("catalog-service", record.getEventSource());
        assertEquals("0af7651916cd43dd8448eb211c80319c", record.getTraceId());
        assertEquals(event.data(), new ObjectMapper().readTree(record.getDataJson()));
        assertEquals(event.time().getEpochSecond(), record.getEventTime().getSeconds());
        VerifyAuditChainResponse chain = governance.verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance());
        assertTrue(chain.getIntact());
        assertTrue(chain.getRecordsChecked() >= 1);
    }

    @Test
    void aProjectsMembersReadItsAuditRecordsAndNobodyElseButAdministrators() {
        EventEnvelope event = modelRegistered(UUID.randomUUID().toString(), "team");
        kafka.send(Topics.CATALOG, event);
        eventually(() -> audit(event.subject()), r -> r.size() == 1);
        Principal teamViewer = new Principal("key:team", "team", List.of(Principal.VIEWER), false);
        Principal otherViewer = new Principal("key:other", "other", List.of(Principal.VIEWER), false);
        assertEquals(1, Callers.as(teamViewer, () -> audit(event.subject())).size());
        assertEquals(List.of(), Callers.as(otherViewer, () -> audit(event.subject())), "another project's record");
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> Callers.as(
                teamViewer, () -> governance.verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance())))
                .getStatus().getCode(), "the whole chain is the administrators'");
    }

    @Test
    void aCallEvalServiceRefusedToMakeIsAudited() throws Exception {
        String modelId = UUID.randomUUID().toString();
        EventEnvelope refused = new EventEnvelope(UUID.randomUUID().toString(), EventTypes.EVAL_ENDPOINT_REFUSED,
                "eval-service", modelId, Instant.now().truncatedTo(ChronoUnit.MICROS), null,
                EventCodec.toData(new EvalEndpointRefused(modelId, "http://10.0.0.7:8000", "env:FMP_SECRET_OPENAI_API_KEY",
                        "banking77-intent", "http://10.0.0.7:8000 is a private address and not an allowed origin")));
        kafka.send(Topics.EVAL, refused);

        AuditRecord record = eventually(() -> audit(modelId), r -> r.size() == 1).get(0);
        assertEquals(EventTypes.EVAL_ENDPOINT_REFUSED, record.getEventType());
        assertEquals("eval-service", record.getEventSource());
        assertEquals("http://10.0.0.7:8000", new ObjectMapper().readTree(record.getDataJson()).get("origin").asText());
        assertTrue(governance.verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance()).getIntact());
    }

    @Test
    void everyDomainEventIsAuditedWithItsActorAndProgressReportsAreNot() {
        String jobId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope progress = new EventEnvelope(UUID.randomUUID().toString(), EventTypes.TUNING_PROGRESS,
                "tuning-service", jobId, now, null, EventCodec.toData(new TuningProgress(jobId, "base", "running",
                "training", 1, 3, 10, 30, 0.5, 0.6, 33.3, 20.0)), null);
        EventEnvelope completed = new EventEnvelope(UUID.randomUUID().toString(), EventTypes.TUNING_COMPLETED,
                "tuning-service", jobId, now, null, EventCodec.toData(new TuningCompleted(jobId, "base", "tuned",
                "lora", "s3://artifacts/" + jobId, "ab".repeat(32), null, Map.of("eval_loss", 0.4), 0.5, 0, 1.2, 0.3,
                0.1, "team")), "key:carla0000001");
        // one key, one partition: once the completion is audited, the progress report before it was consumed
        kafka.send(Topics.TUNING, progress);
        kafka.send(Topics.TUNING, completed);

        List<AuditRecord> records = eventually(() -> audit(jobId), r -> !r.isEmpty());
        assertEquals(List.of(EventTypes.TUNING_COMPLETED), records.stream().map(AuditRecord::getEventType).toList());
        assertEquals("key:carla0000001", records.get(0).getActor());
    }

    @Test
    void redeliveredEventsAreAuditedOnce() {
        EventEnvelope event = modelRegistered(UUID.randomUUID().toString());
        EventEnvelope marker = modelRegistered(event.subject());
        kafka.send(Topics.CATALOG, event);
        kafka.send(Topics.CATALOG, event);
        kafka.send(Topics.CATALOG, event);
        // same key, so same partition: once the marker is audited, all three copies were consumed
        kafka.send(Topics.CATALOG, marker);

        List<AuditRecord> records = eventually(() -> audit(event.subject()),
                r -> r.stream().anyMatch(a -> a.getEventId().equals(marker.id())));

        assertEquals(List.of(event.id(), marker.id()), records.stream().map(AuditRecord::getEventId).toList());
    }

    @Test
    void poisonMessagesAreDeadLetteredAndTheStreamGoesOn() {
        String key = UUID.randomUUID().toString();
        kafka.send(Topics.CATALOG, key, "{definitely not an envelope".getBytes(StandardCharsets.UTF_8));
        EventEnvelope next = modelRegistered(key);
        kafka.send(Topics.CATALOG, next);

        eventually(() -> audit(key), r -> r.size() == 1);
        List<ConsumerRecord<String, byte[]>> parked = kafka.readUntil(Topics.deadLetterOf(Topics.CATALOG),
                Duration.ofSeconds(30), rs -> rs.stream().anyMatch(r -> key.equals(r.key())));
        ConsumerRecord<String, byte[]> poison = parked.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        assertEquals("{definitely not an envelope", new String(poison.value(), StandardCharsets.UTF_8));
        assertEquals(Topics.CATALOG, new String(poison.headers().lastHeader("fmp.dlq.topic").value(), StandardCharsets.UTF_8));
        assertEquals("governance-service",
                new String(poison.headers().lastHeader("fmp.dlq.consumer").value(), StandardCharsets.UTF_8));
    }

    @Test
    void aDeadLetterIsReplayedOnceItsCauseIsFixedAndAppliedOnlyOnce() {
        String subject = "replayed-" + UUID.randomUUID();
        // the cause: a rule of the audit table this one event breaks (as a missing migration would)
        sql("ALTER TABLE audit_record ADD CONSTRAINT refuses_replay_test CHECK (subject <> '" + subject + "')");
        EventEnvelope event = modelRegistered(subject);
        DeadLetter parked;
        try {
            kafka.send(Topics.CATALOG, event);
            parked = eventually(() -> deadLetters.listDeadLetters(ListDeadLettersRequest.getDefaultInstance())
                    .getDeadLettersList().stream().filter(d -> d.getEventId().equals(event.id())).findFirst()
                    .orElse(null), d -> d != null);
            assertEquals(Topics.deadLetterOf(Topics.CATALOG), parked.getTopic());
            assertEquals(Topics.CATALOG, parked.getOriginalTopic());
            assertEquals(EventTypes.MODEL_REGISTERED, parked.getEventType());
            assertEquals(subject, parked.getSubject());
            assertFalse(parked.getApplied());
            assertFalse(parked.getError().isEmpty());

            StatusRuntimeException stillBroken = assertThrows(StatusRuntimeException.class,
                    () -> deadLetters.replayDeadLetter(address(parked)));
            assertEquals(Status.Code.FAILED_PRECONDITION, stillBroken.getStatus().getCode());
            assertTrue(audit(subject).isEmpty(), "a replay that fails writes nothing");
        } finally {
            sql("ALTER TABLE audit_record DROP CONSTRAINT refuses_replay_test");
        }

        assertEquals(ReplayOutcome.APPLIED, deadLetters.replayDeadLetter(address(parked)).getOutcome());
        assertEquals(ReplayOutcome.ALREADY_APPLIED, deadLetters.replayDeadLetter(address(parked)).getOutcome());
        assertEquals(List.of(event.id()), audit(subject).stream().map(AuditRecord::getEventId).toList(),
                "applied once, however often replayed");
        assertTrue(deadLetters.listDeadLetters(ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList()
                .stream().filter(d -> d.getEventId().equals(event.id())).allMatch(DeadLetter::getApplied));
        assertTrue(governance.verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance()).getIntact());
        // an address that holds no dead letter of this service
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> deadLetters
                .replayDeadLetter(address(parked).toBuilder().setOffset(1_000_000).build())).getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> deadLetters
                .replayDeadLetter(address(parked).toBuilder().setTopic(Topics.CATALOG).build())).getStatus().getCode());
    }

    private static ReplayDeadLetterRequest address(DeadLetter letter) {
        return ReplayDeadLetterRequest.newBuilder().setTopic(letter.getTopic()).setPartition(letter.getPartition())
                .setOffset(letter.getOffset()).build();
    }

    private void sql(String statement) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(statement).executeUpdate());
    }

    @Test
    void topicsCarryTheConfiguredMinInsyncReplicas() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBrokerResource.broker().bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CATALOG);
            ConfigEntry entry = admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic)
                    .get("min.insync.replicas");
            assertEquals("1", entry.value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, entry.source(),
                    "set on the topic, not left to the broker's default");
        }
    }

    @Test
    void anEventThatKeepsFailingIsRetriedThenDeadLetteredLeavingNoHalfWrittenState() {
        // a subject longer than the audit column fails inside the transaction on every attempt
        String tooLong = "m".repeat(300);
        EventEnvelope failing = modelRegistered(tooLong);
        kafka.send(Topics.CATALOG, failing);

        List<ConsumerRecord<String, byte[]>> parked = kafka.readUntil(Topics.deadLetterOf(Topics.CATALOG),
                Duration.ofSeconds(30), rs -> rs.stream().anyMatch(r -> tooLong.equals(r.key())));
        ConsumerRecord<String, byte[]> dead = parked.stream().filter(r -> tooLong.equals(r.key())).findFirst().orElseThrow();
        assertEquals(failing.id(), EventCodec.decode(dead.value()).id());
        Number processed = (Number) entityManager
                .createNativeQuery("SELECT COUNT(*) FROM processed_event WHERE event_id = ?1")
                .setParameter(1, failing.id()).getSingleResult();
        assertEquals(0, processed.intValue(), "a rolled-back effect must not be marked processed");
        Number audited = (Number) entityManager
                .createNativeQuery("SELECT COUNT(*) FROM audit_record WHERE event_id = ?1")
                .setParameter(1, failing.id()).getSingleResult();
        assertEquals(0, audited.intValue());
        assertTrue(governance.verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance()).getIntact());
    }

    @Test
    void aBlankSubjectIsRejectedWithTheField() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> audit(" "));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertTrue(error.getStatus().getDescription().startsWith("subject:"));
    }
}
