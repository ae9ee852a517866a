package io.fmp.gateway.evaluation;

import io.fmp.contracts.errors.Problem;
import io.fmp.gateway.downstream.EvalClient;
import io.fmp.gateway.evaluation.EvaluationJson.LeaderboardJson;
import io.fmp.gateway.validation.QueryReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/** One leaderboard per suite version. */
@Path("/api/v1/leaderboards")
@Tag(name = "leaderboards", description = "Models ranked on a suite")
public class LeaderboardResource {

    @Inject
    EvalClient eval;

    @GET
    @Path("/{suite}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The latest succeeded run per model on a suite version, best primary metric first",
            description = "Each entry: the primary metric with its 95 % bootstrap interval, every other metric, p95 "
                    + "latency, cost per 1,000 examples, examples and failures. Query: version (default: the latest).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = LeaderboardJson.class)))
    @APIResponse(responseCode = "404", description = "No such suite",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LeaderboardJson get(@PathParam("suite") String suite, @Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("version"));
        int version = query.integer("version", 0, 1, Integer.MAX_VALUE);
        query.requireValid();
        return LeaderboardJson.of(eval.leaderboard(suite, version));
    }
}
