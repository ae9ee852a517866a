package io.fmp.eval.suites;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.eval.v1.CreateSuiteRequest;
import io.fmp.contracts.eval.v1.CreateSuiteResponse;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.Decoding;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.FewShot;
import io.fmp.contracts.eval.v1.GetSuiteRequest;
import io.fmp.contracts.eval.v1.ListSuitesRequest;
import io.fmp.contracts.eval.v1.Suite;
import io.fmp.contracts.eval.v1.SuiteSpec;
import io.fmp.contracts.eval.v1.TaskType;
import io.fmp.eval.support.EvalTestSupport;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_eval_test"))
class SuitesGrpcTest {

    @GrpcClient("eval")
    EvalService eval;

    private CreateSuiteResponse create(SuiteSpec.Builder spec) {
        return eval.createSuite(CreateSuiteRequest.newBuilder().setSuite(spec).build()).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void suitesAreVersionedByDefinitionAndPinTheirDatasetVersion() {
        EvalTestSupport.upload(eval, "quiz", DatasetFormat.JSONL, """
                {"input": "Capital of Italy?", "choices": ["Rome", "Milan"], "label": "Rome", "split": "test"}
                {"input": "Capital of Spain?", "choices": ["Seville", "Madrid"], "label": "Madrid", "split": "test"}
                {"input": "Capital of Peru?", "choices": ["Lima", "Cusco"], "label": "Lima", "split": "dev"}
                """, 50);
        SuiteSpec.Builder spec = SuiteSpec.newBuilder().setName("capitals").setDataset("quiz").setSplit("test")
                .setTaskType(TaskType.MULTIPLE_CHOICE)
                .setFewShot(FewShot.newBuilder().setCount(1).setSplit("dev").setSeed(3));
        CreateSuiteResponse first = create(spec);
        assertTrue(first.getCreated());
        Suite suite = first.getSuite();
        assertEquals(1, suite.getVersion());
        assertEquals(2, suite.getExamples());
        assertEquals(1, suite.getSpec().getDatasetVersion(), "the latest dataset version, pinned");
        assertEquals(List.of("accuracy"), suite.getSpec().getMetricsList());
        assertEquals(8, suite.getSpec().getDecoding().getMaxTokens());
        assertTrue(suite.getSpec().getPromptTemplate().contains("{{choices}}"));

        CreateSuiteResponse same = create(spec);
        assertFalse(same.getCreated());
        assertEquals(suite.getId(), same.getSuite().getId());
        Suite second = create(spec.setDecoding(Decoding.newBuilder().setTemperature(0.7))).getSuite();
        assertEquals(2, second.getVersion());
        assertEquals(second, eval.getSuite(GetSuiteRequest.newBuilder().setName("capitals").build())
                .await().atMost(Duration.ofSeconds(10)));
        assertEquals(suite, eval.getSuite(GetSuiteRequest.newBuilder().setName("capitals").setVersion(1).build())
                .await().atMost(Duration.ofSeconds(10)));
        assertTrue(eval.listSuites(ListSuitesRequest.getDefaultInstance()).await().atMost(Duration.ofSeconds(10))
                .getSuitesList().contains(second));
    }

    @Test
    void badSuitesAreRefusedByFieldAndMissingOnesAreNotFound() {
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> create(SuiteSpec.newBuilder()
                .setName("bad suite").setDataset("banking77").setSplit("holdout").addMetrics("bleu")));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("name", "taskType", "split"), GrpcErrors.fieldViolations(bad).stream()
                .map(FieldViolation::field).toList().subList(0, 3));
        StatusRuntimeException noDataset = assertThrows(StatusRuntimeException.class, () -> create(SuiteSpec
                .newBuilder().setName("x").setDataset("no-such-data").setTaskType(TaskType.GENERATION)));
        assertEquals("dataset", GrpcErrors.fieldViolations(noDataset).get(0).field());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> eval.getSuite(
                GetSuiteRequest.newBuilder().setName("never-made").build()).await().atMost(Duration.ofSeconds(10)));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    }

    @Test
    void theDemoSuiteEvaluatesTheBanking77TestSplitAndTheServiceIsReady() {
        Suite demo = eval.getSuite(GetSuiteRequest.newBuilder().setName("banking77-intent").build())
                .await().atMost(Duration.ofSeconds(10));
        assertEquals("test", demo.getSpec().getSplit());
        assertEquals(TaskType.CLASSIFICATION, demo.getSpec().getTaskType());
        assertEquals("accuracy", demo.getSpec().getPrimaryMetric());
        assertTrue(demo.getExamples() > 900);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check"));
        given().get("/q/health/well").then().statusCode(200).body("status", equalTo("UP"));
    }
}
