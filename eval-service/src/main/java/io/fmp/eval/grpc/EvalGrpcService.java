package io.fmp.eval.grpc;

import io.fmp.contracts.eval.v1.EvalService;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesRequest;
import io.fmp.contracts.eval.v1.ListEvaluationCandidatesResponse;
import io.fmp.eval.candidates.EvaluationCandidate;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter of the evaluation candidates. */
@GrpcService
@Blocking
public class EvalGrpcService implements EvalService {

    @Override
    public Uni<ListEvaluationCandidatesResponse> listEvaluationCandidates(ListEvaluationCandidatesRequest request) {
        return Uni.createFrom().item(() -> ListEvaluationCandidatesResponse.newBuilder()
                .addAllCandidates(EvaluationCandidate.<EvaluationCandidate>list("order by registeredAt, modelId").stream()
                        .map(c -> io.fmp.contracts.eval.v1.EvaluationCandidate.newBuilder()
                                .setModelId(c.modelId).setName(c.name).setVersion(c.version).build())
                        .toList())
                .build());
    }
}
