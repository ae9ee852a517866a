package io.fmp.gateway.validation;

/**
 * A request body record: {@link JsonBodyReader} binds it with {@link JsonBinder}, so a bad body names
 * every bad field at once, and the OpenAPI document describes it from the same record.
 */
public interface JsonRequest {
}
