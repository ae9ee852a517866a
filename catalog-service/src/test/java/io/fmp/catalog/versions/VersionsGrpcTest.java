package io.fmp.catalog.versions;

import com.google.protobuf.FieldMask;
import io.fmp.contracts.catalog.v1.ApiPricing;
import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.ExportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.ImportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.LifecycleState;
import io.fmp.contracts.catalog.v1.Lineage;
import io.fmp.contracts.catalog.v1.ListModelVersionsRequest;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.catalog.v1.ServingEndpoint;
import io.fmp.contracts.catalog.v1.SetAliasRequest;
import io.fmp.contracts.catalog.v1.UpdateModelRequest;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GovernanceModelDecided;
import io.fmp.contracts.events.ModelAliasMoved;
import io.fmp.contracts.events.ModelStateChanged;
import io.fmp.contracts.events.ModelServing;
import io.fmp.contracts.events.ModelUpdated;
import io.fmp.contracts.events.Topics;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.fmp.contracts.events.DeploymentChanged;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.identity.Callers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions, updates, aliases, lineage, the governance read model and Hugging Face cards over gRPC. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_catalog_test"))
class VersionsGrpcTest {

    @GrpcClient("catalog")
    CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());
    private final String name = "Granite 3 8B " + UUID.randomUUID().toString().substring(0, 8);

    private ModelCard register(String version, Lineage lineage) {
        ModelCardSpec.Builder card = ModelCardSpec.newBuilder().setName(name).setProvider("IBM").setVersion(version)
                .setParameterCount(8_170_000_000L).setLicense("apache-2.0").setContextWindow(131_072)
                .addTasks("text-generation")
                .setFacts(ModelFacts.newBuilder().setDescription("first description").addTags("enterprise"));
        if (lineage != null) {
            card.setLineage(lineage);
        }
        return catalog.registerModel(RegisterModelRequest.newBuilder().setCard(card).build());
    }

    private ModelCard get(String id) {
        return catalog.getModel(GetModelRequest.newBuilder().setId(id).build());
    }

    private <T> T event(String subject, String type, Class<T> payload) {
        return kafka.readUntil(Topics.CATALOG, Duration.ofSeconds(30), records -> records.stream()
                        .anyMatch(r -> subject.equals(r.key()) && EventCodec.decode(r.value()).type().equals(type)))
                .stream().filter(r -> subject.equals(r.key())).map(r -> EventCodec.decode(r.value()))
                .filter(e -> e.type().equals(type)).map(e -> EventCodec.payload(e, payload))
                .reduce((first, second) -> second).orElseThrow();
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void metadataChangesKeepTheContentDigestAndAreAnnouncedWhileContentIsImmutable() {
        ModelCard v1 = register("3.0", null);
        ModelCardSpec values = ModelCardSpec.newBuilder()
                .setFacts(ModelFacts.newBuilder().setDescription("routes banking queries").addTags("banking")
                        .setApiPrice(ApiPricing.newBuilder().setUsdPerMillionInput(0.2).setUsdPerMillionOutput(0.2)))
                .addEndpoints(ServingEndpoint.newBuilder().setProtocol(EndpointProtocol.OPENAI_CHAT)
                        .setUrl("https://granite.internal/v1").setSecretRef("k8s:granite-gateway/api-key"))
                .putProperties("owner", "payments-ml").build();

        ModelCard updated = catalog.updateModel(UpdateModelRequest.newBuilder().setId(v1.getId()).setCard(values)
                .setUpdateMask(FieldMask.newBuilder().addPaths("facts.description").addPaths("facts.tags")
                        .addPaths("endpoints").addPaths("properties"))
                .setExpectedRevision(v1.getRevision()).build());

        assertEquals("routes banking queries", updated.getCard().getFacts().getDescription());
        assertEquals(List.of("banking"), updated.getCard().getFacts().getTagsList());
        assertEquals("k8s:granite-gateway/api-key", updated.getCard().getEndpoints(0).getSecretRef());
        assertEquals("payments-ml", updated.getCard().getPropertiesOrThrow("owner"));
        assertFalse(updated.getCard().getFacts().hasApiPrice(), "api price was not in the mask");
        assertEquals(v1.getContentDigest(), updated.getContentDigest());
        assertEquals(v1.getRevision() + 1, updated.getRevision(), "one change, one revision");
        assertEquals(updated, get(v1.getId()), "reads see the committed update at once");
        ModelUpdated event = event(v1.getId(), EventTypes.MODEL_UPDATED, ModelUpdated.class);
        assertEquals(List.of("facts.description", "facts.tags", "endpoints", "properties"), event.changedFields());
        assertEquals(updated.getRevision(), event.revision());
        assertEquals(List.of(new ModelServing.Endpoint("openai-chat", "https://granite.internal/v1",
                "k8s:granite-gateway/api-key")), event.serving().endpoints(), "consumers learn the new endpoints");

        StatusRuntimeException immutable = assertThrows(StatusRuntimeException.class, () -> catalog.updateModel(
                UpdateModelRequest.newBuilder().setId(v1.getId()).setCard(values).setUpdateMask(FieldMask.newBuilder()
                        .addPaths("facts.tags").addPaths("parameter_count")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, immutable.getStatus().getCode());
        FieldViolation violation = GrpcErrors.fieldViolations(immutable).get(0);
        assertEquals("updateMask.paths[1]", violation.field());
        assertTrue(violation.message().startsWith("'parameterCount' cannot change"), violation.message());
        assertEquals(Status.Code.ABORTED, code(() -> catalog.updateModel(UpdateModelRequest.newBuilder()
                .setId(v1.getId()).setCard(values).setUpdateMask(FieldMask.newBuilder().addPaths("facts.tags"))
                .setExpectedRevision(v1.getRevision()).build())), "a stale revision is refused");
        StatusRuntimeException secret = assertThrows(StatusRuntimeException.class, () -> catalog.updateModel(
                UpdateModelRequest.newBuilder().setId(v1.getId()).setUpdateMask(FieldMask.newBuilder().addPaths("endpoints"))
                        .setCard(ModelCardSpec.newBuilder().addEndpoints(ServingEndpoint.newBuilder()
                                .setProtocol(EndpointProtocol.OPENAI_CHAT).setUrl("https://granite.internal/v1")
                                .setSecretRef("sk-proj-abcdef0123456789"))).build()));
        assertEquals("endpoints[0].secretRef", GrpcErrors.fieldViolations(secret).get(0).field());
        assertFalse(secret.getStatus().toString().contains("sk-proj"), "a pasted secret is never echoed");
        assertEquals(updated, get(v1.getId()), "refused updates change nothing");
    }

    @Test
    void aliasesMoveBetweenVersionsAndNameThemForReaders() {
        ModelCard v1 = register("3.0", null);
        ModelCard v2 = register("3.1", null);

        catalog.setAlias(SetAliasRequest.newBuilder().setName(name).setAlias("@production").setModelId(v1.getId()).build());
        ModelAliasMoved created = event(name + "@production", EventTypes.MODEL_ALIAS_MOVED, ModelAliasMoved.class);
        assertEquals(new ModelAliasMoved(name, "production", null, null, v1.getId(), "3.0"), created);
        assertEquals(v1.getId(), catalog.getModel(GetModelRequest.newBuilder().setName(name).setAlias("production")
                .build()).getId());

        ModelCard moved = catalog.setAlias(SetAliasRequest.newBuilder().setName(name).setAlias("production")
                .setModelId(v2.getId()).build());
        assertEquals(List.of("production"), moved.getAliasesList());
        assertEquals(List.of(), get(v1.getId()).getAliasesList());
        assertEquals(v2.getId(), catalog.getModel(GetModelRequest.newBuilder().setName(name).setAlias("@production")
                .build()).getId());
        Eventually.await(() -> event(name + "@production", EventTypes.MODEL_ALIAS_MOVED, ModelAliasMoved.class),
                e -> e.toModelId().equals(v2.getId()), Duration.ofSeconds(30));
        assertEquals(new ModelAliasMoved(name, "production", v1.getId(), "3.0", v2.getId(), "3.1"),
                event(name + "@production", EventTypes.MODEL_ALIAS_MOVED, ModelAliasMoved.class));

        assertEquals(List.of(v2.getId(), v1.getId()), catalog.listModelVersions(ListModelVersionsRequest.newBuilder()
                .setName(name).build()).getVersionsList().stream().map(ModelCard::getId).toList(), "newest first");
        assertEquals(v1.getId(), catalog.getModel(GetModelRequest.newBuilder().setName(name).setVersion("3.0")
                .build()).getId());

        StatusRuntimeException retire = assertThrows(StatusRuntimeException.class, () -> catalog.updateModel(
                UpdateModelRequest.newBuilder().setId(v2.getId()).setUpdateMask(FieldMask.newBuilder()
                        .addPaths("lifecycle_state")).setLifecycleState(LifecycleState.RETIRED).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, retire.getStatus().getCode());
        assertTrue(retire.getStatus().getDescription().contains("aliases production point at it"));
        ModelCard other = register("other-" + UUID.randomUUID().toString().substring(0, 4), null);
        StatusRuntimeException wrongName = assertThrows(StatusRuntimeException.class, () -> catalog.setAlias(
                SetAliasRequest.newBuilder().setName("Someone else's model").setAlias("production")
                        .setModelId(other.getId()).build()));
        assertEquals("modelId", GrpcErrors.fieldViolations(wrongName).get(0).field());
        assertEquals(Status.Code.NOT_FOUND, code(() -> catalog.getModel(GetModelRequest.newBuilder().setName(name)
                .setAlias("canary").build())));
    }

    @Test
    void aProtectedAliasDoesNotMoveWhileGovernanceCannotDecide() {
        ModelCard v1 = register("3.0", null);
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> catalog.setAlias(
                SetAliasRequest.newBuilder().setName(name).setAlias("guarded").setModelId(v1.getId()).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().startsWith("the guarded alias is protected and "
                + "governance-service could not decide"), refused.getStatus().getDescription());
        assertEquals(Status.Code.NOT_FOUND, code(() -> catalog.getModel(GetModelRequest.newBuilder().setName(name)
                .setAlias("guarded").build())), "a refused move changes nothing");
        assertEquals(List.of(), get(v1.getId()).getAliasesList());
    }

    @Test
    void lifecycleMovesFollowTheRulesAndAreAnnounced() {
        ModelCard model = register("3.0", null);
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> catalog.updateModel(UpdateModelRequest.newBuilder()
                .setId(model.getId()).setUpdateMask(FieldMask.newBuilder().addPaths("lifecycle_state"))
                .setLifecycleState(LifecycleState.APPROVED).build())), "approval comes from governance");

        ModelCard deprecated = catalog.updateModel(UpdateModelRequest.newBuilder().setId(model.getId())
                .setUpdateMask(FieldMask.newBuilder().addPaths("lifecycle_state"))
                .setLifecycleState(LifecycleState.DEPRECATED).setReason("superseded by 3.1").build());

        assertEquals(LifecycleState.DEPRECATED, deprecated.getLifecycleState());
        assertEquals(new ModelStateChanged(model.getId(), name, "3.0", "candidate", "deprecated", "superseded by 3.1"),
                event(model.getId(), EventTypes.MODEL_STATE_CHANGED, ModelStateChanged.class));
    }

    @Test
    void evalResultsAndGovernanceDecisionsMoveTheLifecycleThroughTheReadModels() {
        ModelCard model = register("3.0", null);
        kafka.send(Topics.EVAL, new EventEnvelope(UUID.randomUUID().toString(), EventTypes.EVAL_COMPLETED,
                "eval-service", model.getId(), Instant.now(), null, EventCodec.toData(new EvalCompleted("run-1",
                model.getId(), "banking77-intent", "accuracy", 0.91, 12.0, 3080, 1, 0.89, 0.93, null))));
        Eventually.await(() -> get(model.getId()), m -> m.getLifecycleState() == LifecycleState.EVALUATED,
                Duration.ofSeconds(30));

        decide(model.getId(), "d-1", GovernanceModelDecided.APPROVED);
        ModelCard approved = Eventually.await(() -> get(model.getId()),
                m -> m.getLifecycleState() == LifecycleState.APPROVED, Duration.ofSeconds(30));
        assertEquals("d-1", approved.getGovernance().getDecisionId());
        assertEquals("model-risk-officer", approved.getGovernance().getDecidedBy());
        ModelStateChanged change = event(model.getId(), EventTypes.MODEL_STATE_CHANGED, ModelStateChanged.class);
        assertEquals("evaluated", change.from());
        assertEquals("approved", change.to());
        assertTrue(change.reason().startsWith("governance decision d-1: approved"), change.reason());

        decide(model.getId(), "d-2", GovernanceModelDecided.REVOKED);
        ModelCard revoked = Eventually.await(() -> get(model.getId()),
                m -> m.getGovernance().getDecisionId().equals("d-2"), Duration.ofSeconds(30));
        assertEquals(LifecycleState.EVALUATED, revoked.getLifecycleState(), "it keeps its eval results");
    }

    @Test
    void aReadyDeploymentIsOnTheCardForCallersWhoSeeItsProjectUntilItIsDrained() {
        ModelCard model = register("3.0-served", null);
        String deployment = UUID.randomUUID().toString();
        Instant created = Instant.now();
        deploymentChanged(EventTypes.DEPLOYMENT_CREATED, deployment, model.getId(), "pending", null, created);
        deploymentChanged(EventTypes.DEPLOYMENT_READY, deployment, model.getId(), "ready",
                "http://fmp-granite-router.fmp.svc:8000/v1", created.plusSeconds(40));
        ModelCard served = Eventually.await(() -> get(model.getId()), m -> m.getDeploymentsCount() == 1,
                Duration.ofSeconds(30));
        var ready = served.getDeployments(0);
        assertEquals("granite-router", ready.getName());
        assertEquals("team-a", ready.getProject());
        assertEquals("kubernetes", ready.getExecutor());
        assertEquals("http://fmp-granite-router.fmp.svc:8000/v1", ready.getEndpoint(), served.toString());
        assertEquals(created.plusSeconds(40).getEpochSecond(), ready.getReadyAt().getSeconds());

        Principal teamA = new Principal("user:ana", "team-a", List.of(Principal.VIEWER), false);
        Principal teamB = new Principal("user:bo", "team-b", List.of(Principal.VIEWER), false);
        assertEquals(1, Callers.as(teamA, () -> get(model.getId())).getDeploymentsCount());
        assertEquals(0, Callers.as(teamB, () -> get(model.getId())).getDeploymentsCount(),
                "team-b sees the shared model, not team-a's deployment of it");
        assertEquals(0, Callers.as(teamB, () -> catalog.searchModels(SearchModelsRequest.newBuilder().setText(name)
                .build())).getModelsList().stream().mapToInt(ModelCard::getDeploymentsCount).sum());

        // a late copy of an older change does not take it off the card; draining does
        deploymentChanged(EventTypes.DEPLOYMENT_CREATED, deployment, model.getId(), "pending", null, created);
        deploymentChanged(EventTypes.DEPLOYMENT_DRAINED, deployment, model.getId(), "drained", null,
                created.plusSeconds(90));
        Eventually.await(() -> get(model.getId()), m -> m.getDeploymentsCount() == 0, Duration.ofSeconds(30));
    }

    private void deploymentChanged(String type, String deploymentId, String modelId, String state, String endpoint,
                                   Instant at) {
        kafka.send(Topics.TUNING, new EventEnvelope(UUID.randomUUID().toString(), type, "tuning-service", deploymentId,
                at, null, EventCodec.toData(new DeploymentChanged(deploymentId, "granite-router", "team-a", modelId,
                "kubernetes", state, endpoint, 1, 2, "user:ana", "test")), "user:ana"));
    }

    private void decide(String modelId, String decisionId, String decision) {
        kafka.send(Topics.GOVERNANCE, new EventEnvelope(UUID.randomUUID().toString(), EventTypes.GOVERNANCE_MODEL_DECIDED,
                "governance-service", modelId, Instant.now(), null, EventCodec.toData(new GovernanceModelDecided(
                decisionId, modelId, decision, "model-risk-officer", "fits the banking policy"))));
    }

    @Test
    void lineageLinksATunedVersionToItsBaseAndAnUnknownBaseIsRefused() {
        ModelCard base = register("3.0", null);
        Lineage lineage = Lineage.newBuilder().setBaseModelId(base.getId()).setArtifactKind(ArtifactKind.ADAPTER)
                .setArtifactUri("s3://fmp-models/granite-banking/adapter").setTuningJobId("tune-7")
                .setDatasetSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").build();

        ModelCard tuned = register("3.0-banking77", lineage);

        assertEquals(lineage, tuned.getCard().getLineage());
        assertEquals(List.of(tuned.getId()), catalog.searchModels(SearchModelsRequest.newBuilder()
                .setBaseModelId(base.getId()).build()).getModelsList().stream().map(ModelCard::getId).toList());
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> register("3.0-x",
                lineage.toBuilder().setBaseModelId(UUID.randomUUID().toString()).build()));
        assertEquals("lineage.baseModelId", GrpcErrors.fieldViolations(unknown).get(0).field());
    }

    @Test
    void aRealHuggingFaceCardImportsAndExportsWithItsResults() throws IOException {
        String readme;
        try (InputStream in = getClass().getResourceAsStream(
                "/huggingface/elastic-distilbert-base-uncased-finetuned-conll03-english.md")) {
            readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String version = "r-" + UUID.randomUUID().toString().substring(0, 8);
        ImportHuggingFaceCardRequest request = ImportHuggingFaceCardRequest.newBuilder()
                .setRepoId("elastic/distilbert-base-uncased-finetuned-conll03-english").setVersion(version)
                .setReadme(readme).setParameterCount(66_369_801L).setContextWindow(512).build();

        ModelCard imported = catalog.importHuggingFaceCard(request);

        assertEquals(List.of("token-classification"), imported.getCard().getTasksList());
        assertEquals(5, imported.getCard().getReportedResultsCount());
        assertEquals(0.9888297915932504, imported.getCard().getReportedResults(3).getValue());
        String exported = catalog.exportHuggingFaceCard(ExportHuggingFaceCardRequest.newBuilder()
                .setId(imported.getId()).build()).getReadme();
        assertTrue(exported.contains("verifyToken: eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJoYXNoIjoiNDRlMWE2OTQx"));
        assertTrue(exported.endsWith(readme.substring(readme.indexOf("\n[DistilBERT"))), "the body is kept");
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> catalog.importHuggingFaceCard(request)));
    }
}
