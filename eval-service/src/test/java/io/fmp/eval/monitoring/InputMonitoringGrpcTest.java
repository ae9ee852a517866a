package io.fmp.eval.monitoring;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.eval.v1.CapturedInputs;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.GetInputDriftRequest;
import io.fmp.contracts.eval.v1.InputDriftMeasurement;
import io.fmp.contracts.eval.v1.InputDriftReport;
import io.fmp.contracts.eval.v1.RecordInputsRequest;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.eval.v1.TaskType;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.InputDriftMeasured;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.identity.Principal;
import io.fmp.eval.datasets.Banking77;
import io.fmp.eval.datasets.DatasetExample;
import io.fmp.eval.support.EvalTestSupport;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input monitoring on real data: Banking77's test split as the reference, in MiniLM's embedding space. Held-out
 * banking queries do not drift; questions about cooking do, and the measurement is announced for governance.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_eval_test"))
class InputMonitoringGrpcTest {

    private static final Principal GATEWAY = Principal.service("gateway");
    private static final int WINDOW = 40;

    @GrpcClient("eval")
    EvalService eval;

    @Test
    void heldOutQueriesStayInDomainAndOffTopicOnesDriftAndAreAnnounced() throws Exception {
        Banking77.Split split = Banking77.load();
        EvalTestSupport.upload(eval, "banking77-monitored", DatasetFormat.JSONL,
                new String(Banking77.splitJsonl(split), StandardCharsets.UTF_8), 1 << 20);
        eval.createSuite(CreateSuiteRequest.newBuilder().setSuite(SuiteSpec.newBuilder().setName("banking77-monitored")
                .setDataset("banking77-monitored").setSplit("test").setTaskType(TaskType.CLASSIFICATION)).build())
                .await().atMost(Duration.ofSeconds(30));
        String deployment = "router-" + UUID.randomUUID().toString().substring(0, 8);

        // held-out queries, spread over the validation split (which the reference, the test split, does not hold)
        List<DatasetExample> validation = split.validation();
        List<String> heldOut = new ArrayList<>();
        for (int i = 0; i < WINDOW; i++) {
            heldOut.add(validation.get(i * validation.size() / WINDOW).input());
        }
        record(deployment, heldOut.subList(0, 25), "batch-1");
        record(deployment, heldOut.subList(25, WINDOW), "batch-2");
        InputDriftMeasurement inDomain = awaitMeasurements(deployment, 1).get(0);
        assertFalse(inDomain.getDrifted(), "held-out banking queries: " + inDomain);
        assertEquals(WINDOW, inDomain.getInputs());
        assertEquals(Math.min(1000, split.test().size()), inDomain.getReferenceInputs(), "the test split, at most 1000");
        assertEquals("all-minilm-l6-v2", inDomain.getEncoder());
        assertEquals("banking77-monitored", inDomain.getSuite());
        assertTrue(inDomain.getOutOfDomainShare() < 0.1, inDomain.toString());

        // a batch sent again (the gateway did not hear back) is not counted twice
        assertFalse(Callers.as(GATEWAY, () -> eval.recordInputs(request(deployment, heldOut.subList(0, 25),
                "batch-1-" + deployment))
                .await().atMost(Duration.ofSeconds(10))).getRecorded());
        assertEquals(0, report(deployment).getPending());

        record(deployment, offTopic(), "batch-3");
        InputDriftMeasurement drifted = awaitMeasurements(deployment, 2).get(0);
        assertTrue(drifted.getDrifted(), drifted.toString());
        assertTrue(drifted.getPValue() < 0.01, drifted.toString());
        assertTrue(drifted.getOutOfDomainShare() > 0.5, drifted.toString());
        assertTrue(drifted.getCentroidDistance() > inDomain.getCentroidDistance() * 2, drifted + " vs " + inDomain);

        List<EventEnvelope> events = EvalTestSupport.kafka().readUntil(Topics.EVAL, Duration.ofSeconds(30),
                records -> records.stream().filter(r -> new String(r.value()).contains(EventTypes.EVAL_INPUT_DRIFT)
                        && new String(r.value()).contains(deployment)).count() >= 2).stream()
                .map(r -> EventCodec.decode(r.value())).filter(e -> e.type().equals(EventTypes.EVAL_INPUT_DRIFT)
                        && e.subject().equals(deployment)).toList();
        InputDriftMeasured announced = EventCodec.payload(events.get(events.size() - 1), InputDriftMeasured.class);
        assertTrue(announced.drifted());
        assertEquals(List.of("use-case-1"), announced.useCaseIds());
        assertEquals("team-monitoring", announced.project());
        assertFalse(events.get(events.size() - 1).data().toString().contains("lasagne"), "numbers only, never inputs");
    }

    @Test
    void onlyAServiceRecordsInputsAndEveryBadFieldIsNamed() {
        RecordInputsRequest fine = request("router", List.of("where is my card?"), "batch-" + UUID.randomUUID());
        StatusRuntimeException member = assertThrows(StatusRuntimeException.class, () -> Callers.as(MEMBER,
                () -> eval.recordInputs(fine).await().atMost(Duration.ofSeconds(10))));
        assertEquals(Status.Code.PERMISSION_DENIED, member.getStatus().getCode());

        RecordInputsRequest bad = RecordInputsRequest.newBuilder().setBatchId("").addCaptures(CapturedInputs.newBuilder()
                .setDeployment("Not A Label").setProject("team-monitoring").setModelId("m").setSuite("no spaces allowed")
                .setWindow(5).addTexts("x")).build();
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> Callers.as(GATEWAY,
                () -> eval.recordInputs(bad).await().atMost(Duration.ofSeconds(10))));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertEquals(List.of("batchId", "captures[0].deployment", "captures[0].suite", "captures[0].window"),
                GrpcErrors.fieldViolations(refused).stream().map(FieldViolation::field).toList());
        StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> report("never-captured"));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    private static final Principal MEMBER = new Principal("user:monitor", "team-monitoring",
            List.of(Principal.CONTRIBUTOR), false);

    private void record(String deployment, List<String> texts, String batch) {
        assertTrue(Callers.as(GATEWAY, () -> eval.recordInputs(request(deployment, texts, batch + "-" + deployment))
                .await().atMost(Duration.ofSeconds(10))).getRecorded());
    }

    private static RecordInputsRequest request(String deployment, List<String> texts, String batch) {
        return RecordInputsRequest.newBuilder().setBatchId(batch).addCaptures(CapturedInputs.newBuilder()
                .setDeployment(deployment).setProject("team-monitoring").setModelId("model-1")
                .setSuite("banking77-monitored").addUseCaseIds("use-case-1").setWindow(WINDOW).addAllTexts(texts))
                .build();
    }

    private InputDriftReport report(String deployment) {
        return Callers.as(MEMBER, () -> eval.getInputDrift(GetInputDriftRequest.newBuilder().setDeployment(deployment)
                .build()).await().atMost(Duration.ofSeconds(10)));
    }

    private List<InputDriftMeasurement> awaitMeasurements(String deployment, int count) {
        return Eventually.await(() -> report(deployment).getMeasurementsList(), list -> list.size() >= count,
                Duration.ofSeconds(90));
    }

    /** Forty questions a banking assistant should never see. */
    private static List<String> offTopic() {
        List<String> texts = new ArrayList<>();
        for (String dish : List.of("lasagne", "risotto", "banana bread", "roast chicken", "vegetable curry",
                "sourdough loaf", "apple pie", "paella", "ramen", "chocolate mousse")) {
            texts.add("How long should I bake the " + dish + " and at what oven temperature?");
            texts.add("Which herbs go best with " + dish + "?");
            texts.add("Can I freeze leftover " + dish + " for next week?");
            texts.add("What wine would you serve with " + dish + " at a dinner party?");
        }
        return texts;
    }
}
