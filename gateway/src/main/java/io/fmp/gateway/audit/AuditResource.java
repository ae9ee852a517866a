package io.fmp.gateway.audit;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.downstream.GovernanceClient;
import io.fmp.gateway.validation.QueryReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/** The governance audit trail, read-only. */
@Allowed(Role.VIEWER)
@Path("/api/v1/audit")
@Tag(name = "audit", description = "Tamper-evident audit trail")
public class AuditResource {

    @Inject
    GovernanceClient governance;

    @Schema(name = "AuditTrail")
    public record AuditTrailResponse(String subject, List<AuditRecordResponse> records) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAuditRecords", summary = "Audit records about one subject (e.g. a model id), oldest first")
    @Parameter(name = "subject", in = ParameterIn.QUERY, required = true, description = "e.g. a model id")
    @APIResponse(responseCode = "200", description = "The records, each with its hash and the previous one's",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AuditTrailResponse.class)))
    public AuditTrailResponse audit(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("subject"));
        query.require("subject");
        query.requireValid();
        String subject = query.string("subject", "");
        return new AuditTrailResponse(subject,
                governance.auditRecords(subject).stream().map(AuditRecordResponse::of).toList());
    }
}
