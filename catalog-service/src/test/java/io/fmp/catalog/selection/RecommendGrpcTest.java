package io.fmp.catalog.selection;

import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.ExcludedModel;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ModelShape;
import io.fmp.contracts.catalog.v1.RankedModel;
import io.fmp.contracts.catalog.v1.RecommendRequest;
import io.fmp.contracts.catalog.v1.Recommendation;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.SelectionConstraints;
import io.fmp.contracts.catalog.v1.SelectionWeights;
import io.fmp.contracts.catalog.v1.TrainingDataTransparency;
import io.fmp.contracts.catalog.v1.UseCaseProfile;
import io.fmp.contracts.catalog.v1.Workload;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo use case end to end inside the catalog: cards, eval.completed read model, recommendation. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_catalog_test"))
class RecommendGrpcTest {

    static final String TASK = "text-classification";

    @GrpcClient("catalog")
    CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private String register(String name, long parameters, String license, int context, ModelFacts facts) {
        return catalog.registerModel(RegisterModelRequest.newBuilder().setCard(ModelCardSpec.newBuilder()
                .setName(name + " " + run).setProvider("test").setVersion("1").setParameterCount(parameters)
                .setLicense(license).setContextWindow(context).addTasks(TASK).setFacts(facts)).build()).getId();
    }

    private static ModelFacts.Builder selfHosted() {
        return ModelFacts.newBuilder().addDeploymentOptions(DeploymentOption.ON_PREM)
                .addDeploymentOptions(DeploymentOption.CLOUD).setTrainingData(TrainingDataTransparency.TRAINING_DATA_SUMMARY);
    }

    private void evaluated(String modelId, String suite, double accuracy, double p95) {
        kafka.send(Topics.EVAL, new EventEnvelope(UUID.randomUUID().toString(), EventTypes.EVAL_COMPLETED,
                "eval-service", modelId, Instant.now(), null, EventCodec.toData(
                new EvalCompleted(UUID.randomUUID().toString(), modelId, suite, "accuracy", accuracy, p95, 3080, 1, null,
                        null, null))));
    }

    private Recommendation recommend(UseCaseProfile profile) {
        return catalog.recommend(RecommendRequest.newBuilder().setProfile(profile).setExcludedLimit(10_000).build());
    }

    @Test
    void theBankingProfileRanksExplainsAndExcludesFromCatalogAndEvalResults() {
        String suite = "banking77-intent-" + run;
        String head = register("MiniLM banking77 head", 22_700_000, "apache-2.0", 512, selfHosted().build());
        String zeroShot = register("MiniLM zero-shot", 22_700_000, "apache-2.0", 512, selfHosted().build());
        String api = register("Hosted LLM", 1, "proprietary", 128_000, ModelFacts.newBuilder()
                .addDeploymentOptions(DeploymentOption.CLOUD).setIpIndemnity(true).addDataRegions("US")
                .setApiPrice(ApiPricing.newBuilder().setUsdPerMillionInput(2.5).setUsdPerMillionOutput(10)).build());
        String big = register("Llama 70B", 70_600_000_000L, "llama3.1", 131_072, selfHosted()
                .setShape(ModelShape.newBuilder().setLayers(80).setKvHeads(8).setHeadDim(128)).build());
        String research = register("Research encoder", 110_000_000, "cc-by-nc-4.0", 512, selfHosted().build());
        evaluated(head, suite, 0.93, 9);
        evaluated(zeroShot, suite, 0.62, 7);
        evaluated(api, suite, 0.90, 650);
        evaluated(big, suite, 0.89, 310);
        evaluated(research, suite, 0.95, 10);
        Set<String> ours = Set.of(head, zeroShot, api, big, research);

        UseCaseProfile profile = UseCaseProfile.newBuilder().setName("route banking customer queries").setTask(TASK)
                .setConstraints(SelectionConstraints.newBuilder().setDeploymentMode(DeploymentOption.ON_PREM)
                        .setCommercialUse(true).setMaxP95LatencyMs(50))
                .setWeights(SelectionWeights.newBuilder().setQuality(0.5).setSpeed(0.2).setCost(0.2).setRisk(0.1))
                .setQualitySuite(suite)
                .setWorkload(Workload.newBuilder().setRequestsPerMonth(1_000_000).setInputTokens(30).setOutputTokens(1))
                .build();
        // all five results must have reached the read model
        Recommendation recommendation = Eventually.await(() -> recommend(profile),
                r -> r.getRankedList().stream().filter(m -> ours.contains(m.getModelId())).count() == 2
                        && r.getExcludedList().stream().filter(e -> ours.contains(e.getModelId()))
                        .allMatch(e -> e.getViolationsList().stream().noneMatch(v -> v.getReason().contains("not measured"))),
                Duration.ofSeconds(30));

        List<RankedModel> ranked = recommendation.getRankedList().stream().filter(m -> ours.contains(m.getModelId())).toList();
        assertEquals(List.of(head, zeroShot), ranked.stream().map(RankedModel::getModelId).toList());
        assertEquals(0.93, ranked.get(0).getScores().getQuality(), 1e-12);
        assertTrue(ranked.get(0).getExplanation().contains("quality 0.930 on " + suite), ranked.get(0).getExplanation());
        assertTrue(ranked.get(0).getScores().getCost() > 0, "cost comes from the fit estimate and the workload");
        Map<String, List<String>> excluded = recommendation.getExcludedList().stream()
                .filter(e -> ours.contains(e.getModelId()))
                .collect(java.util.stream.Collectors.toMap(ExcludedModel::getModelId,
                        e -> e.getViolationsList().stream().map(v -> v.getConstraint()).toList()));
        assertEquals(List.of("deploymentMode", "maxP95LatencyMs"), excluded.get(api));
        assertEquals(List.of("maxP95LatencyMs"), excluded.get(big));
        assertEquals(List.of("commercialUse"), excluded.get(research));
        assertEquals(recommendation, recommend(profile), "same input, same output");

        // a suite nobody was evaluated on: every model's quality and latency are unknown
        Recommendation unknownSuite = recommend(profile.toBuilder().setQualitySuite("no-such-suite-" + run)
                .setConstraints(SelectionConstraints.newBuilder()).build());
        RankedModel headUnmeasured = unknownSuite.getRankedList().stream().filter(m -> m.getModelId().equals(head))
                .findFirst().orElseThrow();
        assertEquals(0.0, headUnmeasured.getScores().getQuality());
        assertTrue(headUnmeasured.getExplanation().contains("quality unknown (not evaluated on no-such-suite-" + run + ")"),
                headUnmeasured.getExplanation());
    }

    @Test
    void anInvalidProfileIsRejectedWithItsFields() {
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> recommend(
                UseCaseProfile.newBuilder().setConstraints(SelectionConstraints.newBuilder().setMaxP95LatencyMs(-1)).build()));
        assertEquals(List.of("task", "weights", "constraints.maxP95LatencyMs"),
                GrpcErrors.fieldViolations(error).stream().map(FieldViolation::field).toList());
    }
}
