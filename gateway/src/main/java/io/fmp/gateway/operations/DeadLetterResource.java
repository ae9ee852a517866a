package io.fmp.gateway.operations;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.contracts.operations.v1.DeadLetter;
import io.fmp.contracts.operations.v1.ReplayDeadLetterRequest;
import io.fmp.contracts.operations.v1.ReplayDeadLetterResponse;
import io.fmp.contracts.operations.v1.ReplayOutcome;
import io.fmp.gateway.downstream.DeadLetterClient;
import io.fmp.gateway.downstream.DownstreamUnavailableException;
import io.fmp.gateway.validation.ApiEnums.ConsumingService;
import io.fmp.gateway.validation.JsonRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Operator access to dead-lettered events: see them, replay one once its cause is fixed. */
@Allowed(Role.PLATFORM_ADMIN)
@Path("/api/v1/admin/dead-letters")
@Tag(name = "operations", description = "Running the platform: dead-lettered events")
public class DeadLetterResource {

    @Inject
    DeadLetterClient deadLetters;

    @Schema(name = "DeadLetter", description = "An event a service's consumer gave up on after bounded retries")
    public record DeadLetterJson(
            @Schema(required = true, description = "The service whose consumer parked it") ConsumingService service,
            @Schema(required = true, example = "catalog.events.dlq") String topic,
            @Schema(required = true) int partition,
            @Schema(required = true) long offset,
            @Schema(required = true, example = "catalog.events") String originalTopic,
            @Schema(required = true) int originalPartition,
            @Schema(required = true) long originalOffset,
            @Schema(required = true, description = "Empty when the message was not an event") String eventId,
            @Schema(required = true, example = "model.registered") String eventType,
            @Schema(required = true) String subject,
            @Schema(required = true, description = "Why the consumer gave up") String error,
            @Schema(required = true) Instant parkedAt,
            @Schema(required = true, description = "Whether the service has applied the event since (replayed)")
            boolean applied) {

        static DeadLetterJson of(ConsumingService service, DeadLetter d) {
            return new DeadLetterJson(service, d.getTopic(), d.getPartition(), d.getOffset(), d.getOriginalTopic(),
                    d.getOriginalPartition(), d.getOriginalOffset(), d.getEventId(), d.getEventType(), d.getSubject(),
                    d.getError(), Instant.ofEpochSecond(d.getParkedAt().getSeconds(), d.getParkedAt().getNanos()),
                    d.getApplied());
        }
    }

    @Schema(name = "DeadLetterList")
    public record DeadLetterList(
            @Schema(required = true) List<DeadLetterJson> deadLetters,
            @Schema(required = true, description = "Services that could not be asked; their dead letters are missing")
            List<ConsumingService> unavailable) {
    }

    @Schema(name = "ReplayRequest", description = "The address of one dead letter, as the list gives it")
    public record ReplayRequest(
            @Schema(required = true) ConsumingService service,
            @Schema(required = true, example = "catalog.events.dlq") String topic,
            @Schema(required = true) Integer partition,
            @Schema(required = true) Long offset) implements JsonRequest {
    }

    @Schema(name = "ReplayResult")
    public record ReplayResult(
            @Schema(required = true) DeadLetterJson deadLetter,
            @Schema(required = true, enumeration = {"applied", "already-applied"},
                    description = "applied: the service's handler ran now; already-applied: it had before, nothing ran")
            String outcome) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listDeadLetters", summary = "Every service's dead-lettered events",
            description = "Read from the dead-letter topics without moving any offset. A service that cannot be "
                    + "asked is named under unavailable; the others still answer.")
    @APIResponse(responseCode = "200", description = "The dead letters, per service and topic oldest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeadLetterList.class)))
    public DeadLetterList list() {
        List<DeadLetterJson> letters = new ArrayList<>();
        List<ConsumingService> unavailable = new ArrayList<>();
        for (ConsumingService service : ConsumingService.values()) {
            try {
                deadLetters.list(service).getDeadLettersList().forEach(d -> letters.add(DeadLetterJson.of(service, d)));
            } catch (DownstreamUnavailableException e) {
                unavailable.add(service);
            }
        }
        return new DeadLetterList(letters, unavailable);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayDeadLetter", summary = "Replay one dead letter through its service's handler",
            description = "Exactly once: the service records the event as applied together with its effect, so "
                    + "replaying again (or the event arriving again) changes nothing and answers already-applied. "
                    + "If the handler fails again the answer is 409 with its error and nothing is written.")
    @APIResponse(responseCode = "200", description = "Replayed, or applied before",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReplayResult.class)))
    @APIResponse(responseCode = "404", description = "No dead letter of that service at that address")
    @APIResponse(responseCode = "409", description = "The handler failed again; the cause is not fixed yet")
    public ReplayResult replay(ReplayRequest body) {
        ReplayDeadLetterResponse replay = deadLetters.replay(body.service(), ReplayDeadLetterRequest.newBuilder()
                .setTopic(body.topic()).setPartition(body.partition()).setOffset(body.offset()).build());
        return new ReplayResult(DeadLetterJson.of(body.service(), replay.getDeadLetter()),
                replay.getOutcome() == ReplayOutcome.APPLIED ? "applied" : "already-applied");
    }
}
