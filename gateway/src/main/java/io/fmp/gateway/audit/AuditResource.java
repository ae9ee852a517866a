package io.fmp.gateway.audit;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.Problem;
import io.fmp.gateway.downstream.GovernanceClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The governance audit trail, read-only. */
@Path("/api/v1/audit")
@Tag(name = "audit", description = "Tamper-evident audit trail")
public class AuditResource {

    @Inject
    GovernanceClient governance;

    public record AuditTrailResponse(String subject, List<AuditRecordResponse> records) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Audit records about one subject (e.g. a model id), oldest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AuditTrailResponse.class)))
    @APIResponse(responseCode = "400", description = "subject missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditTrailResponse audit(@QueryParam("subject") String subject) {
        if (subject == null || subject.isBlank()) {
            throw new InvalidInputException("subject", "query parameter is required, e.g. ?subject=<model id>");
        }
        return new AuditTrailResponse(subject,
                governance.auditRecords(subject).stream().map(AuditRecordResponse::of).toList());
    }
}
