package io.fmp.gateway.validation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Binds a JSON request body to the record that declares it, the same record the OpenAPI document
 * describes: its components are the fields (in this order they are checked), {@code @Schema(required
 * = true)} makes one required, {@code @Schema(enumeration = ...)} lists the words a string (or each
 * string of a list) may be, case-insensitively, given back in lower case. Every problem of the whole
 * body is collected ({@link JsonObjectReader}'s messages, with field paths such as
 * {@code endpoints[2].url}) and thrown at once; nothing is bound from a bad body.
 *
 * <p>Component types: String, Integer/int, Long/long, Double/double, Boolean/boolean, nested records,
 * {@code List<String>}, {@code List<record>}, {@code Map<String, String>}. An {@code Optional<T>}
 * component tells "absent" (null) from "sent as null" (empty) for merge patches.
 */
public final class JsonBinder {

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private JsonBinder() {
    }

    /** The body as {@code type}, or {@link io.fmp.contracts.errors.InvalidInputException} naming every bad field. */
    public static <T extends Record> T bind(String body, Class<T> type) {
        Shape shape = shape(type);
        JsonObjectReader reader = JsonObjectReader.parse(body, shape.names());
        Object bound = read(reader, shape);
        reader.requireValid();
        return type.cast(bound);
    }

    /** Reads an object's components; records problems in the reader and answers null where a value is bad. */
    private static Object read(JsonObjectReader reader, Shape shape) {
        Object[] values = new Object[shape.fields().size()];
        boolean complete = true;
        for (int i = 0; i < values.length; i++) {
            Field field = shape.fields().get(i);
            values[i] = value(reader, field);
            if (values[i] == null && field.primitive()) {
                complete = false;
            }
        }
        if (!complete) {
            return null;
        }
        try {
            return shape.constructor().newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + shape.constructor().getDeclaringClass(), e);
        }
    }

    private static Object value(JsonObjectReader reader, Field field) {
        String name = field.name();
        if (field.optional()) {
            if (!reader.has(name)) {
                return null;
            }
            if (!reader.present(name)) {
                return Optional.empty();
            }
            return Optional.ofNullable(value(reader, field.inner()));
        }
        Class<?> type = field.type();
        boolean required = field.required();
        if (type == String.class) {
            String text = required ? reader.requiredString(name) : reader.optionalString(name);
            return text == null || field.words() == null ? text : word(reader, name, text, field.words());
        }
        if (type == Integer.class || type == int.class) {
            Integer number = required ? reader.requiredInt(name) : reader.optionalInteger(name);
            return number == null && type == int.class && !required ? Integer.valueOf(0) : number;
        }
        if (type == Long.class || type == long.class) {
            Long number = required ? reader.requiredLong(name) : reader.optionalLong(name);
            return number == null && type == long.class && !required ? Long.valueOf(0) : number;
        }
        if (type == Double.class || type == double.class) {
            Double number = required ? reader.requiredDouble(name) : reader.optionalDouble(name);
            return number == null && type == double.class && !required ? Double.valueOf(0) : number;
        }
        if (type == Boolean.class || type == boolean.class) {
            if (required && !reader.present(name)) {
                reader.reject(name, "is required");
                return null;
            }
            return type == boolean.class ? Boolean.valueOf(reader.optionalBoolean(name)) : reader.booleanIfPresent(name);
        }
        if (type == List.class) {
            if (field.element().isRecord()) {
                Shape element = shape(field.element());
                if (required && !reader.present(name)) {
                    reader.reject(name, "is required");
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (JsonObjectReader item : reader.optionalObjectList(name, element.names())) {
                    items.add(read(item, element));
                }
                return items;
            }
            List<String> items = required ? reader.requiredStringList(name) : reader.optionalStringList(name);
            if (items == null || field.words() == null) {
                return items;
            }
            List<String> words = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                words.add(word(reader, name + "[" + i + "]", items.get(i), field.words()));
            }
            return words;
        }
        if (type == Map.class) {
            if (required && !reader.present(name)) {
                reader.reject(name, "is required");
                return null;
            }
            return reader.optionalStringMap(name);
        }
        if (type.isRecord()) {
            Shape nested = shape(type);
            JsonObjectReader object = required ? reader.requiredObject(name, nested.names())
                    : reader.optionalObject(name, nested.names());
            return object == null ? null : read(object, nested);
        }
        throw new IllegalStateException("no JSON binding for " + type + " (" + name + ")");
    }

    /** One of the allowed words, in lower case; null with a violation for anything else. */
    private static String word(JsonObjectReader reader, String path, String value, Set<String> allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (allowed.contains(lower)) {
            return lower;
        }
        reader.reject(path, "must be one of " + String.join(", ", new TreeSet<>(allowed)) + ", was " + value);
        return null;
    }

    private record Field(String name, Class<?> type, Class<?> element, boolean required, boolean primitive,
                         Set<String> words, boolean optional, Field inner) {
    }

    private record Shape(Constructor<?> constructor, List<Field> fields) {
        Set<String> names() {
            return fields.stream().map(Field::name).collect(Collectors.toSet());
        }
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, JsonBinder::describe);
    }

    private static Shape describe(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        List<Field> fields = new ArrayList<>();
        for (RecordComponent component : components) {
            fields.add(field(component.getName(), component.getGenericType(), component.getAnnotation(Schema.class)));
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(Arrays.stream(components)
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return new Shape(constructor, List.copyOf(fields));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    private static Field field(String name, Type generic, Schema schema) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (raw == Optional.class) {
            Field inner = field(name, ((ParameterizedType) generic).getActualTypeArguments()[0], schema);
            return new Field(name, raw, null, false, false, null, true, inner);
        }
        Class<?> element = raw == List.class ? (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0]
                : null;
        Set<String> words = schema == null || schema.enumeration().length == 0 ? null
                : Arrays.stream(schema.enumeration()).map(w -> w.toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return new Field(name, raw, element, schema != null && schema.required(), raw.isPrimitive(), words, false, null);
    }

    /** Only the names, for callers that report which fields a body sent. */
    public static Map<String, Boolean> requiredFields(Class<?> type) {
        Map<String, Boolean> required = new LinkedHashMap<>();
        shape(type).fields().forEach(f -> required.put(f.name(), f.required()));
        return required;
    }
}
