package io.fmp.gateway.validation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Binds a JSON request body to the record that declares it, the same record the OpenAPI document
 * describes: its components are the fields (in this order they are checked), {@code @Schema(required
 * = true)} makes one required, and an enum component takes the words of {@link ApiEnums}
 * (case-insensitively). Every problem of the whole body is collected ({@link JsonObjectReader}'s
 * messages, with field paths such as {@code endpoints[2].url}) and thrown at once; nothing is bound
 * from a bad body. A request record may add checks across its fields with a {@code static void
 * rules(JsonObjectReader body)} method, which runs on the raw body before its fields are read.
 *
 * <p>Component types: String, Integer/int, Long/long, Double/double, Boolean/boolean, OffsetDateTime
 * (RFC 3339), enums, nested
 * records, and lists of strings, enums or records; {@code Map<String, String>}. An {@code Optional<T>}
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
        if (shape.rules() != null) {
            try {
                shape.rules().invoke(null, reader);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot run the rules of " + type, e);
            }
        }
        Object bound = read(reader, shape);
        reader.requireValid();
        return type.cast(bound);
    }

    /** The names a body of this record may have. */
    public static Set<String> fieldNames(Class<? extends Record> type) {
        return shape(type).names();
    }

    /**
     * One component of a record, bound from the reader's field of that name with the record's rules; for
     * bodies read field by field (a merge patch, whose meaning depends on which fields it has).
     */
    public static Object component(JsonObjectReader reader, Class<? extends Record> type, String name) {
        return shape(type).fields().stream().filter(f -> f.name().equals(name)).findFirst()
                .map(f -> value(reader, f))
                .orElseThrow(() -> new IllegalArgumentException(type + " has no component " + name));
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
            return required ? reader.requiredString(name) : reader.optionalString(name);
        }
        if (type == OffsetDateTime.class) {
            String text = required ? reader.requiredString(name) : reader.optionalString(name);
            if (text == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                reader.reject(name, "must be a date and time with its offset (RFC 3339), e.g. 2027-01-31T18:00:00Z");
                return null;
            }
        }
        if (type.isEnum()) {
            if (required && !reader.present(name)) {
                reader.reject(name, "is required: " + String.join(", ", enumWords(type)));
                return null;
            }
            String text = reader.optionalString(name);
            return text == null ? null : constant(reader, name, text, type);
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
            if (items == null || !field.element().isEnum()) {
                return items;
            }
            List<Object> constants = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Object constant = constant(reader, name + "[" + i + "]", items.get(i), field.element());
                if (constant != null) {
                    constants.add(constant);
                }
            }
            return constants;
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

    /** The constant whose word this is (case-insensitively); null with a violation for anything else. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object constant(JsonObjectReader reader, String path, String value, Class<?> enumType) {
        Object constant = ApiEnums.parse(value, (Class) enumType);
        if (constant == null) {
            reader.reject(path, "must be one of " + String.join(", ", enumWords(enumType)) + ", was " + value);
        }
        return constant;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> enumWords(Class<?> enumType) {
        return ApiEnums.words((Class) enumType);
    }

    private record Field(String name, Class<?> type, Class<?> element, boolean required, boolean primitive,
                         boolean optional, Field inner) {
    }

    private record Shape(Constructor<?> constructor, List<Field> fields, Method rules) {
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
            // @Schema does not target record components: Java puts it on the component's field
            Schema schema;
            try {
                schema = type.getDeclaredField(component.getName()).getAnnotation(Schema.class);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            fields.add(field(component.getName(), component.getGenericType(), schema));
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(Arrays.stream(components)
                    .map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            Method rules = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals("rules")
                    && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
                    && m.getParameterTypes()[0] == JsonObjectReader.class).findFirst().orElse(null);
            if (rules != null) {
                rules.setAccessible(true);
            }
            return new Shape(constructor, List.copyOf(fields), rules);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    private static Field field(String name, Type generic, Schema schema) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (raw == Optional.class) {
            Field inner = field(name, ((ParameterizedType) generic).getActualTypeArguments()[0], schema);
            return new Field(name, raw, null, false, false, true, inner);
        }
        Class<?> element = raw == List.class ? (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0]
                : null;
        return new Field(name, raw, element, schema != null && schema.required(), raw.isPrimitive(), false, null);
    }
}
