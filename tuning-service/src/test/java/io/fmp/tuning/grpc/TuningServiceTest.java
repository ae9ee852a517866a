package io.fmp.tuning.grpc;

import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.tuning.v1.BaseModel;
import io.fmp.contracts.tuning.v1.ListBaseModelsRequest;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
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
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_tuning_test"))
class TuningServiceTest {

    @GrpcClient("tuning")
    TuningServiceGrpc.TuningServiceBlockingStub tuning;

    @Test
    void registeredModelsBecomeBaseModelsAndUnknownEventTypesAreSkipped() {
        KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());
        String modelId = UUID.randomUUID().toString();
        // an event type from a newer catalog that this service does not know must not block the stream
        kafka.send(Topics.CATALOG, modelId, ("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"model.renamed\","
                + "\"source\":\"catalog-service\",\"subject\":\"" + modelId + "\",\"time\":\"2026-11-22T10:00:00Z\","
                + "\"data\":{}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        kafka.send(Topics.CATALOG, new EventEnvelope(UUID.randomUUID().toString(), EventTypes.MODEL_REGISTERED,
                "catalog-service", modelId, Instant.now(), null, EventCodec.toData(new ModelRegistered(modelId,
                "Llama 3.1 8B", "Meta", "3.1", 8_030_000_000L, "llama3.1", 131_072, List.of("text-generation"), null, "shared"))));

        List<BaseModel> models = Eventually.await(
                () -> tuning.listBaseModels(ListBaseModelsRequest.getDefaultInstance()).getModelsList(),
                list -> list.stream().anyMatch(m -> m.getModelId().equals(modelId)), Duration.ofSeconds(30));

        assertEquals(List.of("Llama 3.1 8B"), models.stream().filter(m -> m.getModelId().equals(modelId))
                .map(BaseModel::getName).toList());
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
