package io.fmp.tuning.jobs;

import com.google.protobuf.util.JsonFormat;
import io.fmp.contracts.artifacts.v1.ClassifierHead;
import io.fmp.contracts.catalog.v1.ArtifactKind;
import io.fmp.contracts.catalog.v1.EndpointProtocol;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.events.TuningCompleted;
import io.fmp.contracts.tuning.v1.Artifact;
import io.fmp.contracts.tuning.v1.DatasetRef;
import io.fmp.contracts.tuning.v1.EarlyStopping;
import io.fmp.contracts.tuning.v1.GetArtifactRequest;
import io.fmp.contracts.tuning.v1.GetJobMetricsRequest;
import io.fmp.contracts.tuning.v1.Hyperparameters;
import io.fmp.contracts.tuning.v1.JobEstimate;
import io.fmp.contracts.tuning.v1.JobMetrics;
import io.fmp.contracts.tuning.v1.JobSpec;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.ListJobsRequest;
import io.fmp.contracts.tuning.v1.MetricSeries;
import io.fmp.contracts.tuning.v1.SubmitJobRequest;
import io.fmp.contracts.tuning.v1.TuningJob;
import io.fmp.contracts.tuning.v1.TuningMethod;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.fmp.tuning.support.TuningTestSupport;
import io.fmp.tuning.support.UpstreamServices;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classifier-head jobs from request to registered model: validation that queues nothing on bad
 * input, an estimate, an idempotent submission, training on real MiniLM embeddings with progress
 * and loss curves, the head artifact in the portable format, registration with lineage, and the
 * events.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(UpstreamServices.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_tuning_test"))
class LocalHeadJobsTest {

    @GrpcClient("tuning")
    TuningServiceGrpc.TuningServiceBlockingStub tuning;

    private static SubmitJobRequest.Builder headJob() {
        return SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder()
                .setBaseModelId(TuningTestSupport.encoder())
                .setMethod(TuningMethod.CLASSIFIER_HEAD)
                .setDataset(DatasetRef.newBuilder().setName(TuningTestSupport.INTENTS))
                .setHyperparameters(Hyperparameters.newBuilder().setEpochs(60).setBatchSize(16).setLearningRate(0.02))
                .setEarlyStopping(EarlyStopping.newBuilder().setPatience(3).setMetric("eval_accuracy"))
                .setEvalSuite(TuningTestSupport.SUITE)
                .setOutputName("Intent router"));
    }

    @Test
    void badRequestsNameEveryBadFieldAndQueueNothing() {
        int before = tuning.listJobs(ListJobsRequest.newBuilder().setLimit(500).build()).getJobsCount();
        SubmitJobRequest bad = SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder()
                .setBaseModelId(TuningTestSupport.decoder())
                .setMethod(TuningMethod.CLASSIFIER_HEAD)
                .setDataset(DatasetRef.newBuilder().setName("no-such-data"))
                .setHyperparameters(Hyperparameters.newBuilder().setLearningRate(5).setEpochs(-1))
                .setEvalSuite("no-such-suite")
                .setQueue("Not_A_Queue")).build();

        StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () -> tuning.submitJob(bad));

        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        assertEquals(List.of("dataset.name", "evalSuite", "hyperparameters.epochs", "hyperparameters.learningRate",
                        "method", "queue"),
                GrpcErrors.fieldViolations(error).stream().map(FieldViolation::field).sorted().toList());
        assertTrue(GrpcErrors.fieldViolations(error).stream().anyMatch(v -> v.message().startsWith(
                "a classifier head needs a sentence encoder")), GrpcErrors.fieldViolations(error).toString());
        assertEquals(before, tuning.listJobs(ListJobsRequest.newBuilder().setLimit(500).build()).getJobsCount(),
                "nothing queued");

        SubmitJobRequest qloraOnEncoder = SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder()
                .setBaseModelId(TuningTestSupport.encoder()).setMethod(TuningMethod.QLORA)
                .setDataset(DatasetRef.newBuilder().setName(TuningTestSupport.SUPPORT_CHAT))).build();
        StatusRuntimeException qlora = assertThrows(StatusRuntimeException.class, () -> tuning.estimateJob(qloraOnEncoder));
        assertEquals(List.of("QLoRA quantises a decoder to 4 bits; all-MiniLM-L6-v2 is an encoder",
                        "the GPU trainer loads weights from Hugging Face; all-MiniLM-L6-v2's card names no repository"
                                + " (facts.sourceUrl https://huggingface.co/<org>/<model>)"),
                GrpcErrors.fieldViolations(qlora).stream().map(FieldViolation::message).toList());
    }

    @Test
    void aHeadJobTrainsRegistersItsModelWithLineageAndTellsEveryone() throws Exception {
        JobEstimate estimate = tuning.estimateJob(headJob().build());
        assertEquals(96, estimate.getTrainExamples());
        assertEquals(24, estimate.getValidationExamples());
        assertTrue(estimate.getCost().getCpuHours() > 0 && estimate.getCost().getGpuHours() == 0, estimate.toString());
        assertTrue(estimate.getCost().getKwh() > 0 && estimate.getCost().getKgCo2() > 0, estimate.toString());

        String key = "head-" + UUID.randomUUID();
        TuningJob submitted = tuning.submitJob(headJob().setIdempotencyKey(key).build());
        assertEquals(submitted.getId(), tuning.submitJob(headJob().setIdempotencyKey(key).build()).getId(),
                "the same key gives the same job");
        assertEquals(0.02, submitted.getSpec().getHyperparameters().getLearningRate());
        assertEquals(3, submitted.getSpec().getEarlyStopping().getPatience());

        TuningJob done = TuningTestSupport.await(tuning, submitted.getId(), JobState.SUCCEEDED, Duration.ofSeconds(120));

        double testAccuracy = done.getFinalMetricsOrThrow("test_accuracy");
        assertTrue(testAccuracy >= 0.9, "test accuracy " + testAccuracy);
        assertEquals(24, done.getFinalMetricsOrThrow("test_examples"));
        assertEquals(100, done.getProgress().getPercent());
        assertTrue(done.getActual().getCpuHours() > 0, done.getActual().toString());
        assertEquals("tuning://" + done.getId() + "/head.json", done.getArtifactUri());

        ModelCard model = UpstreamServices.MODELS.get(done.getResultModelId());
        assertEquals("Intent router", model.getCard().getName());
        assertEquals("job-" + done.getId().substring(0, 8), model.getCard().getVersion());
        assertEquals(TuningTestSupport.encoder(), model.getCard().getLineage().getBaseModelId());
        assertEquals(ArtifactKind.HEAD, model.getCard().getLineage().getArtifactKind());
        assertEquals(done.getArtifactUri(), model.getCard().getLineage().getArtifactUri());
        assertEquals(done.getId(), model.getCard().getLineage().getTuningJobId());
        assertEquals(done.getDatasetSha256(), model.getCard().getLineage().getDatasetSha256());
        assertEquals(List.of(EndpointProtocol.EMBEDDED_ENCODER), model.getCard().getEndpointsList().stream()
                .map(e -> e.getProtocol()).toList());
        assertTrue(model.getCard().getPropertiesOrThrow("fmp:tuning.hyperparameters").contains("\"learningRate\":0.02"));
        assertEquals("42", model.getCard().getPropertiesOrThrow("fmp:tuning.split-seed"));
        assertTrue(model.getCard().getPropertiesOrThrow("fmp:tuning.code-version").startsWith("tuning-service "));

        Artifact artifact = tuning.getArtifact(GetArtifactRequest.newBuilder().setJobId(done.getId())
                .setName("head.json").build());
        ClassifierHead.Builder head = ClassifierHead.newBuilder();
        JsonFormat.parser().merge(artifact.getContent().toString(StandardCharsets.UTF_8), head);
        assertEquals("fmp.classifier-head/v1", head.getFormat());
        assertEquals("embedded:all-minilm-l6-v2", head.getEncoder());
        assertEquals(List.of("card_lost", "exchange_rate", "top_up"), head.getLabelsList());
        assertEquals(384 * 3, head.getLayers(0).getWeightsCount());
        assertEquals(done.getId(), head.getProvenanceOrThrow("tuning_job_id"));

        JobMetrics metrics = tuning.getJobMetrics(GetJobMetricsRequest.newBuilder().setJobId(done.getId()).build());
        List<String> names = metrics.getSeriesList().stream().map(MetricSeries::getName).toList();
        assertEquals(List.of("eval_accuracy", "eval_loss", "loss"), names);
        int epochs = (int) done.getFinalMetricsOrThrow("epochs_trained");
        assertTrue(epochs < 60, "early stopping ended it after " + epochs + " epochs");
        assertEquals(epochs - 3, (int) done.getFinalMetricsOrThrow("best_epoch"), "the best epoch, 3 before the end");
        for (MetricSeries series : metrics.getSeriesList()) {
            assertEquals(epochs, series.getPointsCount(), series.getName() + " has a point per epoch");
        }
        MetricSeries loss = metrics.getSeries(2);
        assertTrue(loss.getPoints(epochs - 1).getValue() < loss.getPoints(0).getValue() / 2, "training loss falls");

        KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());
        List<EventEnvelope> events = kafka.readUntil(Topics.TUNING, Duration.ofSeconds(30), records -> records.stream()
                        .map(r -> EventCodec.decode(r.value())).anyMatch(e -> e.subject().equals(done.getId())
                                && e.type().equals(EventTypes.TUNING_COMPLETED))).stream()
                .map(r -> EventCodec.decode(r.value())).filter(e -> e.subject().equals(done.getId())).toList();
        TuningCompleted completed = EventCodec.payload(events.stream()
                .filter(e -> e.type().equals(EventTypes.TUNING_COMPLETED)).findFirst().orElseThrow(), TuningCompleted.class);
        assertEquals(done.getResultModelId(), completed.modelId());
        assertEquals(TuningTestSupport.SUITE, completed.evalSuite());
        assertEquals(testAccuracy, completed.metrics().get("test_accuracy"));
        assertTrue(events.stream().filter(e -> e.type().equals(EventTypes.TUNING_PROGRESS)).count() >= epochs,
                "a progress event per epoch at least");

        // the same spec and seed trains the same head (embeddings now from the cache)
        TuningJob again = tuning.submitJob(headJob().setSpec(headJob().getSpec().toBuilder().setOutputName("Again"))
                .build());
        TuningJob repeated = TuningTestSupport.await(tuning, again.getId(), JobState.SUCCEEDED, Duration.ofSeconds(60));
        ClassifierHead.Builder second = ClassifierHead.newBuilder();
        JsonFormat.parser().merge(tuning.getArtifact(GetArtifactRequest.newBuilder().setJobId(repeated.getId())
                .setName("head.json").build()).getContent().toString(StandardCharsets.UTF_8), second);
        assertEquals(head.getLayersList(), second.getLayersList());
    }
}
