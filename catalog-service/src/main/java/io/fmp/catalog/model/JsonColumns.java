package io.fmp.catalog.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fmp.contracts.events.GeneralPurposeModel;
import jakarta.persistence.AttributeConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Card parts stored as JSON text: the catalog reads them whole and never filters on them in SQL. */
final class JsonColumns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonColumns() {
    }

    /** One column type; empty values are stored as NULL. */
    abstract static class Json<T> implements AttributeConverter<T, String> {

        private final TypeReference<T> type;
        private final java.util.function.Supplier<T> empty;

        Json(TypeReference<T> type, java.util.function.Supplier<T> empty) {
            this.type = type;
            this.empty = empty;
        }

        @Override
        public String convertToDatabaseColumn(T value) {
            if (value == null || (value instanceof java.util.Collection<?> c && c.isEmpty())
                    || (value instanceof Map<?, ?> m && m.isEmpty())) {
                return null;
            }
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot store " + value.getClass().getSimpleName() + " as JSON", e);
            }
        }

        @Override
        public T convertToEntityAttribute(String column) {
            if (column == null) {
                return empty.get();
            }
            try {
                return JSON.readValue(column, type);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored JSON is not a " + type.getType(), e);
            }
        }
    }

    static final class Strings extends Json<List<String>> {
        Strings() {
            super(new TypeReference<>() {
            }, ArrayList::new);
        }
    }

    static final class Endpoints extends Json<List<ServingEndpoint>> {
        Endpoints() {
            super(new TypeReference<>() {
            }, ArrayList::new);
        }
    }

    static final class Properties extends Json<Map<String, String>> {
        Properties() {
            super(new TypeReference<>() {
            }, TreeMap::new);
        }
    }

    static final class GeneralPurpose extends Json<GeneralPurposeModel> {
        GeneralPurpose() {
            super(new TypeReference<>() {
            }, () -> null);
        }
    }

    static final class ReportedResults extends Json<List<ReportedResult>> {
        ReportedResults() {
            super(new TypeReference<>() {
            }, ArrayList::new);
        }
    }
}
