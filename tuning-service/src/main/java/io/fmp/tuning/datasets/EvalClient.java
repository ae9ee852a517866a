package io.fmp.tuning.datasets;

import jakarta.inject.Inject;
import io.fmp.tuning.TuningConfig;
import io.fmp.contracts.eval.v1.Dataset;
import io.fmp.contracts.eval.v1.EvalServiceGrpc;
import io.fmp.contracts.eval.v1.GetDatasetRequest;
import io.fmp.contracts.eval.v1.GetSuiteRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetRequest;
import io.fmp.contracts.eval.v1.PreviewDatasetResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * eval-service as tuning needs it: one dataset registry for evaluation and training. Training rows
 * are read in pages.
 */
@ApplicationScoped
public class EvalClient {

    static final int PAGE = 500;

    @GrpcClient("eval")
    EvalServiceGrpc.EvalServiceBlockingStub eval;

    @Inject
    TuningConfig config;

    /** The dataset version (0: the latest); empty when there is none. */
    public Optional<DatasetSummary> dataset(String name, int version) {
        try {
            Dataset d = stub().getDataset(GetDatasetRequest.newBuilder().setName(name).setVersion(version).build());
            Map<String, Long> splits = new TreeMap<>();
            d.getSplitsList().forEach(s -> splits.put(s.getName(), s.getExamples()));
            return Optional.of(new DatasetSummary(d.getName(), d.getVersion(), d.getSha256(), d.getExamples(), splits,
                    d.getLabelsList(), d.getLabelCount(), d.getWithReferences()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public boolean suiteExists(String name) {
        try {
            stub().getSuite(GetSuiteRequest.newBuilder().setName(name).build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Every example of a split ("" for all), in dataset order. */
    public List<TrainingExample> examples(String name, int version, String split) {
        List<TrainingExample> examples = new ArrayList<>();
        int offset = 0;
        while (true) {
            PreviewDatasetResponse page = stub().previewDataset(PreviewDatasetRequest.newBuilder().setName(name)
                    .setVersion(version).setSplit(split).setOffset(offset).setLimit(PAGE).build());
            page.getExamplesList().forEach(e -> examples.add(new TrainingExample(e.getOrdinal(), e.getSplit(),
                    e.getInput(), e.getReferencesList(), e.getLabel().isEmpty() ? null : e.getLabel(),
                    e.getMetadataMap())));
            offset += page.getExamplesCount();
            if (page.getExamplesCount() < PAGE || offset >= page.getTotal()) {
                return examples;
            }
        }
    }

    private EvalServiceGrpc.EvalServiceBlockingStub stub() {
        return eval.withDeadlineAfter(config.downstreamDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
