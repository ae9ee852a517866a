package io.fmp.gateway.validation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** Reads JSON bodies declared as {@link JsonRequest} records through {@link JsonBinder} instead of plain Jackson. */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
public class JsonBodyReader implements MessageBodyReader<Record> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord() && JsonRequest.class.isAssignableFrom(type);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return JsonBinder.bind(new String(body.readAllBytes(), StandardCharsets.UTF_8), (Class) type);
    }
}
