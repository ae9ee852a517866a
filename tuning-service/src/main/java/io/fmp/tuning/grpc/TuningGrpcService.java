package io.fmp.tuning.grpc;

import io.fmp.contracts.tuning.v1.ListBaseModelsRequest;
import io.fmp.contracts.tuning.v1.ListBaseModelsResponse;
import io.fmp.contracts.tuning.v1.TuningService;
import io.fmp.tuning.basemodels.BaseModel;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter of the base models. */
@GrpcService
@Blocking
public class TuningGrpcService implements TuningService {

    @Override
    public Uni<ListBaseModelsResponse> listBaseModels(ListBaseModelsRequest request) {
        return Uni.createFrom().item(() -> ListBaseModelsResponse.newBuilder()
                .addAllModels(BaseModel.<BaseModel>list("order by name, version").stream()
                        .map(m -> io.fmp.contracts.tuning.v1.BaseModel.newBuilder()
                                .setModelId(m.modelId).setName(m.name).setVersion(m.version).build())
                        .toList())
                .build());
    }
}
