package io.fmp.catalog.grpc;

import io.fmp.catalog.model.Model;
import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.Architecture;
import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.CostEstimate;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.EstimateCostRequest;
import io.fmp.contracts.catalog.v1.EstimateFitRequest;
import io.fmp.contracts.catalog.v1.ExportModelsRequest;
import io.fmp.contracts.catalog.v1.FitEstimate;
import io.fmp.contracts.catalog.v1.GeneralPurposeFacts;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.GpuOption;
import io.fmp.contracts.catalog.v1.ImportModelsRequest;
import io.fmp.contracts.catalog.v1.LifecycleState;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.contracts.catalog.v1.MutinyCatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.Precision;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.TrainingDataTransparency;
import io.fmp.contracts.catalog.v1.Workload;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GeneralPurposeModel;
import io.fmp.contracts.events.ModelCardFacts;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.ModelServing;
import io.fmp.contracts.events.Topics;
import io.fmp.platform.outbox.OutboxEvent;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_catalog_test"))
class CatalogGrpcServiceTest {

    @GrpcClient("catalog")
    CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

    @GrpcClient("catalog")
    MutinyCatalogServiceGrpc.MutinyCatalogServiceStub asyncCatalog;

    @Inject
    DataSource dataSource;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    private static ModelCardSpec card(String name) {
        return ModelCardSpec.newBuilder().setName(name).setProvider("Mistral AI").setVersion("0.3")
                .setParameterCount(7_250_000_000L).setLicense("apache-2.0").setContextWindow(32_768)
                .addTasks("text-generation").build();
    }

    private ModelCard register(ModelCardSpec spec) {
        return catalog.registerModel(RegisterModelRequest.newBuilder().setCard(spec).build());
    }

    @Test
    void registeringStoresTheCardAndPublishesModelRegisteredThroughTheOutbox() {
        String name = "Mistral 7B Instruct " + UUID.randomUUID();
        ModelCard registered = register(card(name));

        assertEquals(card(name).toBuilder().clearFacts().build(), registered.getCard().toBuilder().clearFacts().build());
        assertEquals(registered, catalog.getModel(GetModelRequest.newBuilder().setId(registered.getId()).build()));
        assertTrue(registered.getLicenseKnown());
        assertTrue(registered.getCommercialUse(), "apache-2.0 allows commercial use");
        assertEquals(LifecycleState.CANDIDATE, registered.getLifecycleState());

        List<EventEnvelope> events = kafka.readUntil(Topics.CATALOG, Duration.ofSeconds(30),
                        records -> records.stream().anyMatch(r -> registered.getId().equals(r.key()))).stream()
                .filter(r -> registered.getId().equals(r.key()))
                .map(r -> EventCodec.decode(r.value()))
                .toList();
        assertEquals(1, events.size(), "exactly one event for the model");
        EventEnvelope event = events.get(0);
        assertEquals(EventTypes.MODEL_REGISTERED, event.type());
        assertEquals("catalog-service", event.source());
        assertEquals(registered.getId(), event.subject());
        assertNotNull(event.traceId(), "the request's trace context travels in the envelope");
        assertEquals(new ModelRegistered(registered.getId(), name, "Mistral AI", "0.3", 7_250_000_000L,
                "apache-2.0", 32_768, List.of("text-generation"), ModelServing.none(), "shared",
                new ModelCardFacts(true, "none", false, null)), EventCodec.payload(event, ModelRegistered.class));
        assertEquals(0, OutboxEvent.count("eventId = ?1 and publishedAt is null", event.id()),
                "the relay marks what Kafka acknowledged");
    }

    /**
     * Another replica's write, committed as that replica commits it (a new generation, the row stamped
     * with it), is in the very next read, and in every one of many concurrent reads: they share a
     * generation query but none was given one that started before it asked.
     */
    @Test
    void aWriteCommittedByAnotherReplicaIsInEveryReadThatStartsAfterIt() throws Exception {
        ModelCard registered = register(card("Replicated " + UUID.randomUUID()));
        assertEquals("", catalog.getModel(GetModelRequest.newBuilder().setId(registered.getId()).build())
                .getCard().getFacts().getDescription());
        for (int round = 1; round <= 5; round++) {
            String description = "written elsewhere, round " + round;
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement bump = connection.createStatement();
                     PreparedStatement write = connection.prepareStatement("UPDATE model SET description = ?, "
                             + "change_seq = (SELECT generation FROM catalog_generation WHERE id = 1) WHERE id = ?")) {
                    bump.executeUpdate("UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1");
                    write.setString(1, description);
                    write.setString(2, registered.getId());
                    assertEquals(1, write.executeUpdate());
                }
                connection.commit();
            }
            List<CompletableFuture<ModelCard>> reads = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                reads.add(asyncCatalog.getModel(GetModelRequest.newBuilder().setId(registered.getId()).build())
                        .subscribeAsCompletionStage());
            }
            for (CompletableFuture<ModelCard> read : reads) {
                assertEquals(description, read.get(10, TimeUnit.SECONDS).getCard().getFacts().getDescription());
            }
        }
    }

    @Test
    void selectionFactsRoundTripAndTheLicenceDecidesCommercialUse() {
        ModelFacts facts = ModelFacts.newBuilder()
                .setFamily("Llama 3.1").setDescription("Instruction-tuned decoder")
                .addLanguages("en").addLanguages("de").setArchitecture(Architecture.DECODER)
                .addDeploymentOptions(DeploymentOption.CLOUD).addDeploymentOptions(DeploymentOption.ON_PREM)
                .setTrainingData(TrainingDataTransparency.TRAINING_DATA_SUMMARY)
                .setShape(ModelShape.newBuilder().setLayers(32).setKvHeads(8).setHeadDim(128))
                .addTags("chat").setSourceUrl("https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct")
                .build();
        ModelCard registered = register(card("Llama facts " + UUID.randomUUID()).toBuilder().setLicense("llama3.1")
                .setFacts(facts).build());

        ModelFacts stored = catalog.getModel(GetModelRequest.newBuilder().setId(registered.getId()).build())
                .getCard().getFacts();
        assertEquals(List.of("de", "en"), stored.getLanguagesList());
        assertEquals(List.of(DeploymentOption.ON_PREM, DeploymentOption.CLOUD), stored.getDeploymentOptionsList());
        assertEquals(128, stored.getShape().getHeadDim());
        assertEquals(TrainingDataTransparency.TRAINING_DATA_SUMMARY, stored.getTrainingData());
        assertEquals(facts.getSourceUrl(), stored.getSourceUrl());
        assertTrue(registered.getCommercialUse());

        ModelCard unknown = register(card("Mystery " + UUID.randomUUID()).toBuilder().setLicense("my-own-terms").build());
        assertFalse(unknown.getLicenseKnown(), "an unknown licence is flagged");
        assertFalse(unknown.getCommercialUse(), "and commercial use is not guessed");
        ModelCard research = register(card("Research " + UUID.randomUUID()).toBuilder().setLicense("cc-by-nc-4.0").build());
        assertTrue(research.getLicenseKnown());
        assertFalse(research.getCommercialUse());
    }

    @Test
    void badFactsAreNamedByTheirPath() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> register(card("x")
                .toBuilder().setFacts(ModelFacts.newBuilder().addLanguages("English").addTags("Bad Tag")
                        .setSourceUrl("http://insecure.example").setGeneralPurpose(GeneralPurposeFacts.newBuilder()
                                .setTrainingComputeFlops(-1).setCopyrightPolicy("ftp://x"))).build()));
        assertEquals(List.of("facts.languages[0]", "facts.tags[0]", "facts.sourceUrl",
                        "facts.generalPurpose.trainingComputeFlops", "facts.generalPurpose.copyrightPolicy"),
                GrpcErrors.fieldViolations(error).stream().map(FieldViolation::field).toList());
    }

    @Test
    void aGeneralPurposeModelsArticle53FactsAreKeptAndTravelToGovernance() {
        GeneralPurposeFacts published = GeneralPurposeFacts.newBuilder().setTrainingComputeFlops(3.8e25)
                .setTechnicalDocumentation("https://mistral.example/docs/annex-xii")
                .setTrainingContentSummary("https://mistral.example/training-summary").build();
        ModelCard registered = register(card("Large " + UUID.randomUUID()).toBuilder().setFacts(ModelFacts.newBuilder()
                .setTrainingData(TrainingDataTransparency.TRAINING_DATA_SUMMARY).setGeneralPurpose(published)).build());
        assertEquals(published, registered.getCard().getFacts().getGeneralPurpose());
        assertEquals(published, catalog.getModel(GetModelRequest.newBuilder().setId(registered.getId()).build())
                .getCard().getFacts().getGeneralPurpose());
        ModelRegistered event = kafka.readUntil(Topics.CATALOG, Duration.ofSeconds(30),
                        records -> records.stream().anyMatch(r -> registered.getId().equals(r.key()))).stream()
                .filter(r -> registered.getId().equals(r.key())).map(r -> EventCodec.payload(EventCodec.decode(r.value()),
                        ModelRegistered.class)).findFirst().orElseThrow();
        assertEquals(new ModelCardFacts(true, "summary", false, new GeneralPurposeModel(false, 3.8e25,
                "https://mistral.example/docs/annex-xii", null, "https://mistral.example/training-summary")), event.card());
        assertTrue(event.card().generalPurpose().presumedSystemicRisk(), "above 1e25 FLOP (Art. 51(2))");
    }

    @Test
    void anInvalidCardIsRejectedFieldByFieldAndWritesNothing() {
        long models = Model.count();
        long outbox = OutboxEvent.count();
        ModelCardSpec bad = card("").toBuilder().setParameterCount(-5).setContextWindow(0).clearTasks()
                .addTasks("Not A Tag").build();

        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> register(bad));

        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertEquals(List.of("name", "parameterCount", "contextWindow", "tasks[0]"),
                GrpcErrors.fieldViolations(error).stream().map(FieldViolation::field).toList());
        assertEquals(models, Model.count());
        assertEquals(outbox, OutboxEvent.count());
    }

    @Test
    void aDuplicateNameAndVersionIsAConflictAndEmitsNoSecondEvent() {
        ModelCardSpec spec = card("Granite 3.0 8B " + UUID.randomUUID());
        register(spec);
        long outbox = OutboxEvent.count();

        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> register(spec));

        assertEquals(Status.Code.ALREADY_EXISTS, error.getStatus().getCode());
        assertEquals(1, Model.count("name", spec.getName()));
        assertEquals(outbox, OutboxEvent.count());
    }

    @Test
    void theSeedCatalogIsLoadedAtStartThroughTheNormalRegistration() {
        Model gpt = Model.<Model>find("name", "GPT-4o").firstResult();
        assertEquals(2.50, gpt.priceInputPerMillion);
        assertTrue(gpt.commercialUse);
        Model qwen = Model.<Model>find("name", "Qwen2.5 72B Instruct").firstResult();
        assertFalse(qwen.licenseKnown, "unknown licences are flagged");
        assertEquals(1, OutboxEvent.count("eventKey", qwen.id), "seeded like any registration: one event");
    }

    @Test
    void importIsAllOrNothingAndExportRoundTrips() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String file = """
                apiVersion: fmp.io/v1
                kind: ModelCatalog
                models:
                  - {name: "Import A %1$s", provider: p, version: "1", parameterCount: 1000, license: mit,
                     contextWindow: 512, tasks: [fill-mask], facts: {tags: [imported], trainingData: full}}
                  - {name: "Import B %1$s", provider: p, version: "1", parameterCount: 2000, license: apache-2.0,
                     contextWindow: 512, tasks: [fill-mask]}
                """.formatted(run);
        String broken = file + """
                  - {name: "Import C %1$s", provider: p, version: "1", parameterCount: -1, license: mit,
                     contextWindow: 512, tasks: [fill-mask]}
                """.formatted(run);
        long before = Model.count();

        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> catalog.importModels(
                ImportModelsRequest.newBuilder().setCatalogYaml(broken).build()));
        assertEquals(List.of("models[2].parameterCount"),
                GrpcErrors.fieldViolations(bad).stream().map(FieldViolation::field).toList());
        assertEquals(before, Model.count(), "nothing of a bad file is imported");

        List<ModelCard> imported = catalog.importModels(ImportModelsRequest.newBuilder().setCatalogYaml(file).build())
                .getImportedList();
        assertEquals(2, imported.size());
        assertEquals(List.of("imported"), imported.get(0).getCard().getFacts().getTagsList());

        StatusRuntimeException again = assertThrows(StatusRuntimeException.class, () -> catalog.importModels(
                ImportModelsRequest.newBuilder().setCatalogYaml(file).build()));
        assertEquals(List.of("models[0]", "models[1]"),
                GrpcErrors.fieldViolations(again).stream().map(FieldViolation::field).toList());

        String exported = catalog.exportModels(ExportModelsRequest.getDefaultInstance()).getCatalogYaml();
        assertTrue(exported.contains("name: Import A " + run), "export holds imported cards");
        assertTrue(exported.contains("sourceUrl: https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"));
    }

    @Test
    void lookupsOfUnknownOrMalformedIdsSayWhich() {
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                () -> catalog.getModel(GetModelRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class,
                () -> catalog.getModel(GetModelRequest.newBuilder().setId("'; drop table model; --").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
        assertEquals("id", GrpcErrors.fieldViolations(malformed).get(0).field());
    }

    @Test
    void fitAndCostEstimatesAnswerOverGrpc() {
        FitEstimate fit = catalog.estimateFit(EstimateFitRequest.newBuilder()
                .setShape(ModelShape.newBuilder().setParameterCount(8_030_000_000L).setLayers(32).setKvHeads(8).setHeadDim(128))
                .setPrecision(Precision.FP16).setContextTokens(8192).setBatchSize(1).build());
        assertEquals(18.848, fit.getTotalGb(), 1e-3);
        GpuOption l4 = fit.getOptionsList().stream().filter(o -> o.getGpu().equals("L4-24GB")).findFirst().orElseThrow();
        assertEquals(1, l4.getGpuCount());
        assertEquals("NVIDIA-L4", l4.getProduct());

        CostEstimate api = catalog.estimateCost(EstimateCostRequest.newBuilder()
                .setWorkload(Workload.newBuilder().setRequestsPerMonth(1_000_000).setInputTokens(500).setOutputTokens(200))
                .setApi(ApiPricing.newBuilder().setUsdPerMillionInput(2.5).setUsdPerMillionOutput(10)).build());
        assertEquals(3_250, api.getMonthlyUsd(), 1e-9);
    }

    @Test
    void badEstimateRequestsNameEachField() {
        StatusRuntimeException fit = assertThrows(StatusRuntimeException.class, () -> catalog.estimateFit(
                EstimateFitRequest.newBuilder().setContextTokens(8192).build()));
        assertEquals(List.of("shape.parameterCount", "precision", "batchSize"),
                GrpcErrors.fieldViolations(fit).stream().map(FieldViolation::field).toList());
        StatusRuntimeException cost = assertThrows(StatusRuntimeException.class, () -> catalog.estimateCost(
                EstimateCostRequest.newBuilder().setWorkload(Workload.newBuilder().setRequestsPerMonth(10)
                        .setInputTokens(10)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, cost.getStatus().getCode());
        assertEquals("pricing", GrpcErrors.fieldViolations(cost).get(0).field());
    }

    @Test
    void readinessReflectsTheDatabaseWellnessTheEventBackboneAndMetricsAreExported() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check"))
                .body("checks.name", not(hasItems("Kafka connection health check")));
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'event backbone' }.data.outbox", equalTo("publishing"))
                .body("checks.find { it.name == 'event backbone' }.data.consumer", equalTo("consuming"));
        register(card("Falcon 40B " + UUID.randomUUID()));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fmp_outbox_pending"))
                .body(containsString("grpc_server_requests_received_messages_total"));
        assertTrue(Model.count() > 0);
    }
}
