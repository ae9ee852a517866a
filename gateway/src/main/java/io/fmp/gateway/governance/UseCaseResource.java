package io.fmp.gateway.governance;

import io.fmp.contracts.governance.v1.Answer;
import io.fmp.contracts.governance.v1.AssessUseCaseRequest;
import io.fmp.contracts.governance.v1.CreateUseCaseRequest;
import io.fmp.contracts.governance.v1.FactsheetPdf;
import io.fmp.contracts.governance.v1.RequestApprovalRequest;
import io.fmp.contracts.governance.v1.TransitionUseCaseRequest;
import io.fmp.gateway.downstream.GovernanceClient;
import io.fmp.gateway.governance.GovernanceJson.ApprovalJson;
import io.fmp.gateway.governance.GovernanceJson.ApprovalRequestBody;
import io.fmp.gateway.governance.GovernanceJson.AssessmentRequest;
import io.fmp.gateway.governance.GovernanceJson.DocumentJson;
import io.fmp.gateway.governance.GovernanceJson.FactsheetJson;
import io.fmp.gateway.governance.GovernanceJson.ModelRequest;
import io.fmp.gateway.governance.GovernanceJson.TransitionRequest;
import io.fmp.gateway.governance.GovernanceJson.UseCaseJson;
import io.fmp.gateway.governance.GovernanceJson.UseCaseList;
import io.fmp.gateway.governance.GovernanceJson.UseCaseRequest;
import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * AI use cases: the inventory, the lifecycle, the risk assessment, approval requests and factsheets. Thin: the
 * rules live in governance-service, which answers 404 for another project's use case.
 */
@Allowed(Role.VIEWER)
@Path("/api/v1/use-cases")
@Tag(name = "governance", description = "AI use cases, risk tiers, policies as code, approvals, gates, factsheets")
public class UseCaseResource {

    @Inject
    GovernanceClient governance;

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUseCase", summary = "Register a use case",
            description = "In the caller's project, state draft. Every bad field is named; 409 for a name the project "
                    + "uses; approaches must be catalog models the caller may use.")
    @APIResponse(responseCode = "201", description = "Registered; Location is the use case", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UseCaseJson.class)))
    @APIResponse(responseCode = "409", description = "The project has a use case of this name")
    public Response create(UseCaseRequest body, @Context UriInfo uri) {
        CreateUseCaseRequest.Builder request = CreateUseCaseRequest.newBuilder().setName(body.name())
                .setPurpose(body.purpose()).setOwner(body.owner()).setTask(body.task())
                .setDeploymentContext(body.deploymentContext() == null ? "" : body.deploymentContext())
                .setThreshold(body.threshold() == null ? 0 : body.threshold());
        if (body.affectedPeople() != null) {
            request.addAllAffectedPeople(body.affectedPeople());
        }
        if (body.guardrails() != null) {
            request.setGuardrails(body.guardrails().proto());
        }
        if (body.dataCategories() != null) {
            request.addAllDataCategories(body.dataCategories());
        }
        if (body.documents() != null) {
            request.addAllDocuments(body.documents().stream().map(DocumentJson::proto).toList());
        }
        request.addAllSuites(body.suites());
        if (body.approaches() != null) {
            request.addAllApproaches(body.approaches());
        }
        UseCaseJson created = UseCaseJson.of(governance.createUseCase(request.build()));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listUseCases", summary = "The use cases of the caller's project and the shared one")
    @APIResponse(responseCode = "200", description = "Newest first", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UseCaseList.class)))
    public UseCaseList list() {
        return new UseCaseList(governance.useCases().stream().map(UseCaseJson::of).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getUseCase", summary = "A use case with its assessment, obligations, history and approvals")
    @APIResponse(responseCode = "200", description = "The use case", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UseCaseJson.class)))
    @APIResponse(responseCode = "404", description = "No such use case in the caller's projects")
    public UseCaseJson get(@PathParam("id") String id) {
        return UseCaseJson.of(governance.useCase(id));
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "transitionUseCase", summary = "Move a use case along its lifecycle, with a reason",
            description = "409 for a move its state does not allow, and for states governance decides itself: "
                    + "assessed and prohibited (an assessment), approved-for-production (a quorum of approvals).")
    @APIResponse(responseCode = "200", description = "Moved", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UseCaseJson.class)))
    @APIResponse(responseCode = "404", description = "No such use case in the caller's projects")
    @APIResponse(responseCode = "409", description = "A move its state does not allow, or a state governance decides")
    public UseCaseJson transition(@PathParam("id") String id, TransitionRequest body) {
        return UseCaseJson.of(governance.transitionUseCase(TransitionUseCaseRequest.newBuilder().setId(id)
                .setState(body.state()).setReason(body.reason()).build()));
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/{id}/assessment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "assessUseCase", summary = "Assess a use case into its EU AI Act risk tier",
            description = "Answers the questions of GET /api/v1/governance/risk-catalogue; every missing or bad answer "
                    + "is named (answers.<question>). Sets the tier, its obligations and the next review date.")
    @APIResponse(responseCode = "200", description = "Assessed", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UseCaseJson.class)))
    @APIResponse(responseCode = "404", description = "No such use case in the caller's projects")
    @APIResponse(responseCode = "409", description = "The use case's state allows no assessment (put it under review)")
    public UseCaseJson assess(@PathParam("id") String id, AssessmentRequest body) {
        AssessUseCaseRequest.Builder request = AssessUseCaseRequest.newBuilder().setId(id);
        body.answers().forEach(a -> request.putAnswers(a.question(), Answer.newBuilder().addAllValues(a.values()).build()));
        return UseCaseJson.of(governance.assessUseCase(request.build()));
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/{id}/approvals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "requestApproval", summary = "Put a model up for approval for the use case's production",
            description = "While the use case is in validation or under review. The request records the facts it was "
                    + "made on; approvers of the project decide it (POST /api/v1/approvals/{id}/decisions).")
    @APIResponse(responseCode = "201", description = "Requested", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApprovalJson.class)))
    @APIResponse(responseCode = "404", description = "No such use case in the caller's projects")
    @APIResponse(responseCode = "409", description = "The use case is not in validation or under review, is not "
            + "assessed, or a request for this model is pending")
    public Response requestApproval(@PathParam("id") String id, ApprovalRequestBody body) {
        return Response.status(201).entity(ApprovalJson.of(governance.requestApproval(RequestApprovalRequest.newBuilder()
                .setUseCaseId(id).setModelId(body.modelId()).setReason(body.reason()).build()))).build();
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/{id}/factsheets")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "generateFactsheet", summary = "Generate the factsheet of a model in the use case",
            description = "From the platform's facts (Annex IV sections), Markdown and HTML; a new version when the "
                    + "facts changed, the latest one otherwise. Its SHA-256 lands in the audit log.")
    @APIResponse(responseCode = "200", description = "The factsheet", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FactsheetJson.class)))
    @APIResponse(responseCode = "404", description = "No such use case in the caller's projects")
    public FactsheetJson generateFactsheet(@PathParam("id") String id, ModelRequest body) {
        return FactsheetJson.of(governance.generateFactsheet(id, body.modelId()));
    }

    @GET
    @Path("/{id}/factsheets/{modelId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getFactsheet", summary = "The latest factsheet of a model in the use case")
    @APIResponse(responseCode = "200", description = "The factsheet", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FactsheetJson.class)))
    @APIResponse(responseCode = "404", description = "None generated yet, or no such use case")
    public FactsheetJson factsheet(@PathParam("id") String id, @PathParam("modelId") String modelId) {
        return FactsheetJson.of(governance.factsheet(id, modelId));
    }

    @GET
    @Path("/{id}/factsheets/{modelId}/pdf")
    @Produces("application/pdf")
    @Operation(operationId = "getFactsheetPdf", summary = "The latest factsheet of a model in the use case, as a PDF",
            description = "A rendering of the latest version; X-Factsheet-Sha256 is that version's audited SHA-256")
    @APIResponse(responseCode = "200", description = "The PDF", content = @Content(mediaType = "application/pdf",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "None generated yet, or no such use case")
    public Response factsheetPdf(@PathParam("id") String id, @PathParam("modelId") String modelId) {
        FactsheetPdf pdf = governance.factsheetPdf(id, modelId);
        return Response.ok(pdf.getPdf().toByteArray(), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"factsheet-v" + pdf.getVersion() + ".pdf\"")
                .header("X-Factsheet-Version", pdf.getVersion()).header("X-Factsheet-Sha256", pdf.getSha256()).build();
    }
}
