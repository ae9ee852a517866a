package io.fmp.platform.consumer;

import com.google.protobuf.Timestamp;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.operations.v1.DeadLetter;
import io.fmp.contracts.operations.v1.ListDeadLettersRequest;
import io.fmp.contracts.operations.v1.ListDeadLettersResponse;
import io.fmp.contracts.operations.v1.ReplayDeadLetterRequest;
import io.fmp.contracts.operations.v1.ReplayDeadLetterResponse;
import io.fmp.contracts.operations.v1.ReplayOutcome;
import io.fmp.platform.identity.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** {@link DeadLetters} over gRPC, in every service that consumes events. */
@GrpcService
@Blocking
public class DeadLettersGrpcService implements io.fmp.contracts.operations.v1.DeadLetters {

    @Inject
    DeadLetters deadLetters;

    @Override
    public Uni<ListDeadLettersResponse> listDeadLetters(ListDeadLettersRequest request) {
        return GrpcErrors.answer(() -> {
            requireOperator();
            return ListDeadLettersResponse.newBuilder().setConsumer(deadLetters.group())
                    .addAllDeadLetters(deadLetters.list().stream().map(DeadLettersGrpcService::message).toList()).build();
        });
    }

    @Override
    public Uni<ReplayDeadLetterResponse> replayDeadLetter(ReplayDeadLetterRequest request) {
        return GrpcErrors.answer(() -> {
            requireOperator();
            DeadLetters.Replay replay = deadLetters.replay(request.getTopic(), request.getPartition(), request.getOffset());
            return ReplayDeadLetterResponse.newBuilder().setDeadLetter(message(replay.entry()))
                    .setOutcome(replay.outcome() == DeadLetters.Outcome.APPLIED ? ReplayOutcome.APPLIED
                            : ReplayOutcome.ALREADY_APPLIED).build();
        });
    }

    private static void requireOperator() {
        Callers.require(caller -> caller.platformAdmin() || caller.isService(), "a platform administrator");
    }

    private static DeadLetter message(DeadLetters.Entry e) {
        return DeadLetter.newBuilder().setTopic(e.topic()).setPartition(e.partition()).setOffset(e.offset())
                .setOriginalTopic(e.originalTopic()).setOriginalPartition(e.originalPartition())
                .setOriginalOffset(e.originalOffset()).setEventId(e.eventId()).setEventType(e.eventType())
                .setSubject(e.subject()).setError(e.error())
                .setParkedAt(Timestamp.newBuilder().setSeconds(e.parkedAt().getEpochSecond())
                        .setNanos(e.parkedAt().getNano()))
                .setApplied(e.applied()).build();
    }
}
