package io.fmp.gateway.evaluation;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/** One leaderboard per suite version. */
@Allowed(Role.VIEWER)
@Path("/api/v1/leaderboards")
@Tag(name = "leaderboards", description = "Models ranked on a suite")
public class LeaderboardResource {

    @Inject
    EvalClient eval;

    @GET
    @Path("/{suite}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getLeaderboard",
            summary = "The latest succeeded run per model on a suite version, best primary metric first",
            description = "Each entry: the primary metric with its 95 % bootstrap interval, every other metric, p95 "
                    + "latency, cost per 1,000 examples, examples and failures.")
    @Parameter(name = "version", in = ParameterIn.QUERY, description = "The latest when absent",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
    @APIResponse(responseCode = "200", description = "The leaderboard", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LeaderboardJson.class)))
    @APIResponse(responseCode = "404", description = "No such suite or version")
    public LeaderboardJson get(@PathParam("suite") String suite, @Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("version"));
        int version = query.integer("version", 0, 1, Integer.MAX_VALUE);
        query.requireValid();
        return LeaderboardJson.of(eval.leaderboard(suite, version));
    }
}
