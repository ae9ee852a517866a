package io.fmp.eval.grpc;

import io.fmp.contracts.eval.v1.EvalServiceGrpc;
import io.fmp.contracts.eval.v1.EvaluationCandidate;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesRequest;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.Topics;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_eval_test"))
class EvalServiceTest {

    @GrpcClient("eval")
    EvalServiceGrpc.EvalServiceBlockingStub eval;

    @Test
    void registeredModelsBecomeCandidatesOnceEach() {
        KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());
        String modelId = UUID.randomUUID().toString();
        EventEnvelope event = new EventEnvelope(UUID.randomUUID().toString(), EventTypes.MODEL_REGISTERED,
                "catalog-service", modelId, Instant.now(), null, EventCodec.toData(new ModelRegistered(modelId,
                "all-MiniLM-L6-v2", "sentence-transformers", "1", 22_700_000L, "apache-2.0", 256,
                List.of("sentence-similarity", "feature-extraction"))));
        kafka.send(Topics.CATALOG, event);
        kafka.send(Topics.CATALOG, event);

        List<EvaluationCandidate> candidates = Eventually.await(
                () -> eval.listEvaluationCandidates(ListEvaluationCandidatesRequest.getDefaultInstance()).getCandidatesList(),
                list -> list.stream().anyMatch(c -> c.getModelId().equals(modelId)), Duration.ofSeconds(30));

        assertEquals(1, candidates.stream().filter(c -> c.getModelId().equals(modelId)).count());
        assertEquals("all-MiniLM-L6-v2", candidates.stream().filter(c -> c.getModelId().equals(modelId))
                .findFirst().orElseThrow().getName());
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }
}
