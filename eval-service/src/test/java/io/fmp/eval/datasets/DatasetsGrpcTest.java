package io.fmp.eval.datasets;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.eval.v1.Dataset;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.DatasetHeader;
import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.GetDatasetRequest;
import io.fmp.contracts.eval.v1.ListDatasetsRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetResponse;
import io.fmp.contracts.eval.v1.SplitCount;
import io.fmp.contracts.eval.v1.UploadDatasetRequest;
import io.fmp.contracts.eval.v1.UploadDatasetResponse;
import io.fmp.eval.support.EvalTestSupport;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.fmp.platform.testing.Eventually;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_eval_test"))
class DatasetsGrpcTest {

    @GrpcClient("eval")
    EvalService eval;

    private static final String QA = """
            {"input": "What is the capital of France?", "reference": "Paris", "split": "test", "source": "atlas"}
            {"input": "Who wrote Faust?", "references": ["Goethe", "Johann Wolfgang von Goethe"], "split": "test"}

            {"input": "2 + 2?", "reference": "4", "split": "train"}
            """;

    @Test
    void aStreamedUploadIsStoredVersionedAndPreviewable() {
        UploadDatasetResponse first = EvalTestSupport.upload(eval, "capitals-qa", DatasetFormat.JSONL, QA, 7);
        assertTrue(first.getCreated());
        Dataset dataset = first.getDataset();
        assertEquals(1, dataset.getVersion());
        assertEquals(3, dataset.getExamples());
        assertEquals(Sha256.hex(QA), dataset.getSha256(), "the hash is of the bytes as uploaded");
        assertEquals(QA.length(), dataset.getBytes());
        assertEquals(List.of(SplitCount.newBuilder().setName("test").setExamples(2).build(),
                SplitCount.newBuilder().setName("train").setExamples(1).build()), dataset.getSplitsList());
        assertEquals(3, dataset.getWithReferences());

        UploadDatasetResponse again = EvalTestSupport.upload(eval, "capitals-qa", DatasetFormat.JSONL, QA, 1000);
        assertFalse(again.getCreated(), "the same bytes are the same version");
        assertEquals(dataset.getId(), again.getDataset().getId());

        String more = QA + "{\"input\": \"Largest ocean?\", \"reference\": \"Pacific\", \"split\": \"test\"}\n";
        Dataset second = EvalTestSupport.upload(eval, "capitals-qa", DatasetFormat.JSONL, more, 64).getDataset();
        assertEquals(2, second.getVersion());
        assertEquals(second, eval.getDataset(GetDatasetRequest.newBuilder().setName("capitals-qa").build())
                .await().atMost(Duration.ofSeconds(10)), "version 0 reads the latest");
        assertTrue(eval.listDatasets(ListDatasetsRequest.getDefaultInstance()).await().atMost(Duration.ofSeconds(10))
                .getDatasetsList().contains(second));

        PreviewDatasetResponse page = eval.previewDataset(PreviewDatasetRequest.newBuilder().setName("capitals-qa")
                .setVersion(1).setSplit("test").setLimit(1).setOffset(1).build()).await().atMost(Duration.ofSeconds(10));
        assertEquals(2, page.getTotal());
        assertEquals(1, page.getExamplesCount());
        assertEquals("Who wrote Faust?", page.getExamples(0).getInput());
        assertEquals(List.of("Goethe", "Johann Wolfgang von Goethe"), page.getExamples(0).getReferencesList());
        assertEquals(2, page.getExamples(0).getLine());
    }

    @Test
    void csvWithQuotedLineBreaksAndLabels() {
        String csv = "text,category,split\n\"Where is my card,\nit has not arrived\",card_arrival,test\n"
                + "I lost my PIN,pin_blocked,test\n";
        Dataset dataset = EvalTestSupport.upload(eval, "intents-small", DatasetFormat.CSV, csv, 5).getDataset();
        assertEquals(2, dataset.getExamples());
        assertEquals(List.of("card_arrival", "pin_blocked"), dataset.getLabelsList());
        PreviewDatasetResponse page = eval.previewDataset(PreviewDatasetRequest.newBuilder().setName("intents-small")
                .build()).await().atMost(Duration.ofSeconds(10));
        assertEquals("Where is my card,\nit has not arrived", page.getExamples(0).getInput());
        assertEquals(4, page.getExamples(1).getLine(), "the second row starts on line 4");
    }

    @Test
    void badRowsAreAllReportedByLineAndNothingIsStored() {
        String bad = """
                {"input": "fine", "label": "a"}
                {"input": "", "label": "a"}
                not json
                {"input": "ok", "label": 7}
                {"input": "q", "choices": ["x", "y"], "label": "z", "split": "no spaces allowed"}
                """;
        long before = datasets();
        StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
                () -> EvalTestSupport.upload(eval, "broken-set", DatasetFormat.JSONL, bad, 16));
        assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
        List<FieldViolation> violations = GrpcErrors.fieldViolations(error);
        assertEquals("file", violations.get(0).field());
        assertTrue(violations.get(0).message().startsWith("5 problems in the rows"), violations.get(0).message());
        assertEquals(List.of("line[2].input", "line[3].line", "line[4].label", "line[5].split", "line[5].label"),
                violations.subList(1, violations.size()).stream().map(FieldViolation::field).toList());
        assertEquals(before, datasets(), "no dataset was registered");
        assertThrows(StatusRuntimeException.class, () -> eval.getDataset(GetDatasetRequest.newBuilder()
                .setName("broken-set").build()).await().atMost(Duration.ofSeconds(10)));
    }

    @Test
    void theHeaderComesFirstAndNamesAreChecked() {
        StatusRuntimeException noHeader = assertThrows(StatusRuntimeException.class, () -> eval.uploadDataset(
                Multi.createFrom().items(UploadDatasetRequest.newBuilder().setData(com.google.protobuf.ByteString
                        .copyFromUtf8("{\"input\": \"x\"}\n")).build())).await().atMost(Duration.ofSeconds(10)));
        assertEquals("file", GrpcErrors.fieldViolations(noHeader).get(0).field());
        StatusRuntimeException badName = assertThrows(StatusRuntimeException.class, () -> eval.uploadDataset(
                Multi.createFrom().items(UploadDatasetRequest.newBuilder().setHeader(DatasetHeader.newBuilder()
                        .setName("no spaces/here")).build())).await().atMost(Duration.ofSeconds(10)));
        assertEquals(List.of("name", "format"), GrpcErrors.fieldViolations(badName).stream()
                .map(FieldViolation::field).toList());
    }

    @Test
    void anUploadTheClientAbortsLeavesNoStagedFileAndNoDataset() throws Exception {
        Set<Path> before = stagedUploads();
        long datasetsBefore = datasets();
        AtomicReference<MultiEmitter<? super UploadDatasetRequest>> client = new AtomicReference<>();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        eval.uploadDataset(Multi.createFrom().<UploadDatasetRequest>emitter(client::set)).subscribe().with(
                done -> outcome.complete(null), outcome::complete);
        Eventually.await(client::get, emitter -> emitter != null, Duration.ofSeconds(10));
        client.get().emit(UploadDatasetRequest.newBuilder().setHeader(DatasetHeader.newBuilder().setName("aborted")
                .setFormat(DatasetFormat.JSONL)).build());
        client.get().emit(UploadDatasetRequest.newBuilder().setData(com.google.protobuf.ByteString
                .copyFromUtf8("{\"input\": \"half a file\"}\n".repeat(1000))).build());
        // the bytes are on disk while the upload goes on
        Set<Path> during = Eventually.await(DatasetsGrpcTest::stagedUploads, now -> !before.containsAll(now),
                Duration.ofSeconds(10));
        Path staged = during.stream().filter(p -> !before.contains(p)).findFirst().orElseThrow();

        client.get().fail(new IllegalStateException("the client went away"));

        assertFalse(Eventually.await(() -> Files.exists(staged), exists -> !exists, Duration.ofSeconds(10)),
                "the staged file is removed when the stream breaks off");
        assertNotNull(outcome.get(10, TimeUnit.SECONDS), "the call failed");
        assertEquals(datasetsBefore, datasets(), "nothing registered");
    }

    /** Uploads staged in this JVM's temporary directory (StagedUpload's naming). */
    private static Set<Path> stagedUploads() {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("fmp-dataset-")).collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theBanking77DemoIsRegisteredAtStartWithDeterministicSplits() throws Exception {
        Dataset banking = eval.getDataset(GetDatasetRequest.newBuilder().setName("banking77").build())
                .await().atMost(Duration.ofSeconds(10));
        Banking77.Split split = Banking77.load();
        assertEquals(split.train().size() + split.validation().size() + split.test().size(), banking.getExamples());
        assertEquals(List.of(SplitCount.newBuilder().setName("test").setExamples(split.test().size()).build(),
                SplitCount.newBuilder().setName("train").setExamples(split.train().size()).build(),
                SplitCount.newBuilder().setName("validation").setExamples(split.validation().size()).build()),
                banking.getSplitsList());
        assertEquals(77, banking.getLabelCount());
        assertEquals(Sha256.hex(Banking77.splitJsonl(split)), banking.getSha256());
    }

    private static long datasets() {
        return QuarkusTransaction.requiringNew().call(() -> io.fmp.eval.datasets.Dataset.count());
    }
}
