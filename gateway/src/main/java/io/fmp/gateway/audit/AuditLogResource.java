package io.fmp.gateway.audit;

import com.google.protobuf.ByteString;
import io.fmp.contracts.governance.v1.AuditLogEntry;
import io.fmp.gateway.downstream.GovernanceClient;
import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.validation.QueryReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The audit log as a transparency log (RFC 9162 Merkle tree, C2SP signed-note checkpoints with an
 * Ed25519 key), in the REST contract outside verifiers are written against: the verifier key and the
 * latest checkpoint as {@code text/plain}, entries with their exact leaf bytes, inclusion and
 * consistency proofs as base64 hashes in RFC 9162 order. Record sequence {@code i + 1} is leaf {@code i}.
 */
@Path("/api/v1/audit")
@Tag(name = "audit", description = "Tamper-evident audit trail")
public class AuditLogResource {

    @Inject
    GovernanceClient governance;

    @Schema(name = "AuditLogEntry", description = "One leaf of the audit log with the record it is made from")
    public record EntryJson(
            @Schema(required = true) long index,
            @Schema(required = true, description = "Base64 of the exact leaf bytes; the leaf hash is SHA-256(0x00 || "
                    + "leaf)") String leaf,
            @Schema(required = true) AuditRecordResponse record) {
    }

    @Schema(name = "AuditLogEntries")
    public record EntriesJson(@Schema(required = true) List<EntryJson> entries) {
    }

    @Schema(name = "AuditLogProof", description = "Hashes of a Merkle proof, base64, in RFC 9162 order")
    public record ProofJson(@Schema(required = true) List<String> hashes) {
    }

    @GET
    @Path("/public-key")
    @Produces(MediaType.TEXT_PLAIN)
    @Allowed(Role.VIEWER)
    @Operation(operationId = "getAuditLogKey", summary = "The key the audit log's checkpoints verify with",
            description = "In the signed-note verifier-key form <name>+<8 hex digits key id>+<base64(0x01 || "
                    + "Ed25519 public key)>, as Go's golang.org/x/mod/sumdb/note reads it")
    @APIResponse(responseCode = "200", description = "The verifier key",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(implementation = String.class)))
    public String publicKey() {
        return governance.auditLogKey() + "\n";
    }

    @GET
    @Path("/checkpoint")
    @Produces(MediaType.TEXT_PLAIN)
    @Allowed(Role.VIEWER)
    @Operation(operationId = "getAuditCheckpoint", summary = "The audit log's latest signed checkpoint",
            description = "A C2SP tlog-checkpoint signed note: origin, tree size and base64 root hash lines, a blank "
                    + "line, then the signature line")
    @APIResponse(responseCode = "200", description = "The checkpoint",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(implementation = String.class)))
    public String checkpoint() {
        return governance.auditCheckpoint();
    }

    @GET
    @Path("/entries")
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(Role.PLATFORM_ADMIN)
    @Operation(operationId = "listAuditLogEntries", summary = "Entries [start, end) of the audit log with their leaf bytes",
            description = "At most 1,000 at once. Every project's records: platform administrators only")
    @Parameter(name = "start", in = ParameterIn.QUERY, required = true, description = "The first index, from 0",
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @Parameter(name = "end", in = ParameterIn.QUERY, required = true, description = "The index after the last",
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @APIResponse(responseCode = "200", description = "The entries", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EntriesJson.class)))
    public EntriesJson entries(@Context UriInfo uri) {
        long[] range = twoNumbers(uri, "start", "end");
        return new EntriesJson(governance.auditLogEntries(range[0], range[1]).stream().map(AuditLogResource::entry)
                .toList());
    }

    @GET
    @Path("/proofs/inclusion")
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(Role.VIEWER)
    @Operation(operationId = "getAuditInclusionProof", summary = "The proof that leaf index is in the tree of treeSize")
    @Parameter(name = "index", in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @Parameter(name = "treeSize", in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @APIResponse(responseCode = "200", description = "The proof", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProofJson.class)))
    public ProofJson inclusion(@Context UriInfo uri) {
        long[] range = twoNumbers(uri, "index", "treeSize");
        return proof(governance.auditInclusionProof(range[0], range[1]));
    }

    @GET
    @Path("/proofs/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(Role.VIEWER)
    @Operation(operationId = "getAuditConsistencyProof", summary = "The proof that the tree of to leaves extends the "
            + "tree of from")
    @Parameter(name = "from", in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @Parameter(name = "to", in = ParameterIn.QUERY, required = true,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @APIResponse(responseCode = "200", description = "The proof", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProofJson.class)))
    public ProofJson consistency(@Context UriInfo uri) {
        long[] range = twoNumbers(uri, "from", "to");
        return proof(governance.auditConsistencyProof(range[0], range[1]));
    }

    /** The two required whole-number query parameters of these operations, each bad one named. */
    private static long[] twoNumbers(UriInfo uri, String first, String second) {
        QueryReader query = QueryReader.of(uri, Set.of(first, second));
        query.require(first);
        query.require(second);
        long[] values = {query.longInteger(first, 0), query.longInteger(second, 0)};
        query.requireValid();
        return values;
    }

    private static EntryJson entry(AuditLogEntry entry) {
        return new EntryJson(entry.getIndex(), Base64.getEncoder().encodeToString(entry.getLeaf().toByteArray()),
                AuditRecordResponse.of(entry.getRecord()));
    }

    private static ProofJson proof(List<ByteString> hashes) {
        return new ProofJson(hashes.stream().map(h -> Base64.getEncoder().encodeToString(h.toByteArray())).toList());
    }
}
