package io.fmp.gateway.governance;

import io.fmp.contracts.governance.v1.DecideApprovalRequest;
import io.fmp.contracts.governance.v1.RevokeApprovalRequest;
import io.fmp.gateway.downstream.GovernanceClient;
import io.fmp.gateway.governance.GovernanceJson.ApprovalJson;
import io.fmp.gateway.governance.GovernanceJson.DecisionRequest;
import io.fmp.gateway.governance.GovernanceJson.GateDecisionJson;
import io.fmp.gateway.governance.GovernanceJson.ModelRequest;
import io.fmp.gateway.governance.GovernanceJson.PolicyJson;
import io.fmp.gateway.governance.GovernanceJson.PolicyList;
import io.fmp.gateway.governance.GovernanceJson.PolicyRequest;
import io.fmp.gateway.governance.GovernanceJson.RevocationRequest;
import io.fmp.gateway.governance.GovernanceJson.RiskCatalogueJson;
import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The risk catalogue, policies as code, approval decisions and gate decisions. */
@Allowed(Role.VIEWER)
@Path("/api/v1")
@Tag(name = "governance")
public class GovernanceResource {

    @Inject
    GovernanceClient governance;

    @GET
    @Path("/governance/risk-catalogue")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getRiskCatalogue", summary = "The risk catalogue use cases are assessed with",
            description = "EU AI Act questions, tiers and obligations with their legal sources, NIST AI RMF functions "
                    + "and NIST AI 600-1 risk categories, dates of application; versioned data of the repository.")
    @APIResponse(responseCode = "200", description = "The catalogue", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RiskCatalogueJson.class)))
    public RiskCatalogueJson riskCatalogue() {
        return RiskCatalogueJson.of(governance.riskCatalogue());
    }

    @Allowed(Role.APPROVER)
    @POST
    @Path("/approvals/{id}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "decideApproval", summary = "Approve or reject a request",
            description = "Approvers of the use case's project; the requester may not decide (403), nobody decides "
                    + "twice (409). The tier's quorum of distinct approvers approves the model for the use case's "
                    + "production (governance.model-decided); one rejection rejects.")
    @APIResponse(responseCode = "200", description = "The request after the decision", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApprovalJson.class)))
    @APIResponse(responseCode = "404", description = "No such request in the caller's projects")
    @APIResponse(responseCode = "409", description = "This approver decided already, or the request is no longer pending")
    public ApprovalJson decide(@PathParam("id") String id, DecisionRequest body) {
        return ApprovalJson.of(governance.decideApproval(DecideApprovalRequest.newBuilder().setId(id)
                .setDecision(body.decision()).setReason(body.reason()).build()));
    }

    @Allowed(Role.APPROVER)
    @POST
    @Path("/approvals/{id}/revocations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "revokeApproval", summary = "Withdraw an approval",
            description = "Approvers of the use case's project: the model loses the approval (its gates deny), a use "
                    + "case relying on it goes under review, the catalog hears governance.model-decided (revoked).")
    @APIResponse(responseCode = "200", description = "The revoked request", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApprovalJson.class)))
    @APIResponse(responseCode = "404", description = "No such request in the caller's projects")
    @APIResponse(responseCode = "409", description = "The request is not approved")
    public ApprovalJson revoke(@PathParam("id") String id, RevocationRequest body) {
        return ApprovalJson.of(governance.revokeApproval(RevokeApprovalRequest.newBuilder().setId(id)
                .setReason(body.reason()).build()));
    }

    @Allowed(Role.PROJECT_ADMIN)
    @POST
    @Path("/policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putPolicy", summary = "Add a policy, or a new version of one, to the caller's project",
            description = "CEL validations over the use case, model, evaluations, approvals and factsheet; a document "
                    + "that does not compile is refused with the line and column of every error. A platform "
                    + "administrator's policy without a project applies to every project.")
    @APIResponse(responseCode = "200", description = "The active version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyJson.class)))
    public PolicyJson putPolicy(PolicyRequest body) {
        return PolicyJson.of(governance.putPolicy(body.document()));
    }

    @GET
    @Path("/policies")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listPolicies", summary = "The built-in policies and the active policies the caller sees")
    @APIResponse(responseCode = "200", description = "The policies", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyList.class)))
    public PolicyList policies() {
        return new PolicyList(governance.policies().stream().map(PolicyJson::of).toList());
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/gates/{gate}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "decideGate", summary = "Ask a gate whether an action on a model may happen",
            description = "What the catalog asks before it moves the production alias: every use case relying on the "
                    + "model is decided with the policies that apply to it. Changes nothing; the decision is audited.")
    @Parameter(name = "gate", description = "production-alias or deployment",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"production-alias", "deployment"}))
    @APIResponse(responseCode = "200", description = "Allowed, or denied with every failed rule", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GateDecisionJson.class)))
    public GateDecisionJson decideGate(@PathParam("gate") String gate, ModelRequest body) {
        return GateDecisionJson.of(governance.decideGate(gate, body.modelId()));
    }
}
