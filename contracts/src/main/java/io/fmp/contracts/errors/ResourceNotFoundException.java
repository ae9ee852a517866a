package io.fmp.contracts.errors;

/** The addressed entity does not exist (HTTP 404, gRPC NOT_FOUND). */
public class ResourceNotFoundException extends RuntimeException {

    public ResourceNotFoundException(String kind, String id) {
        super(kind + " " + id + " does not exist");
    }
}
