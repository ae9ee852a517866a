package io.fmp.platform.testing;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * docs/configuration.md, kept in step with the code: each service's section is generated from its
 * {@code @ConfigMapping} interfaces (key, environment variable, default, and the method's Javadoc as
 * the meaning, so each setting is described once, where it is declared) and from the {@code ${VAR:default}}
 * placeholders of its application.properties. A test per service compares its section with what the
 * code says; {@code -Dfmp.configuration-reference.write=true} rewrites the section instead.
 */
public final class ConfigurationReference {

    public static final String WRITE_PROPERTY = "fmp.configuration-reference.write";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(FMP_[A-Z0-9_]+|OTEL_[A-Z0-9_]+)(?::([^}]*))?}");

    /** One setting as the reference lists it. */
    public record Setting(String key, String environmentVariable, String defaultValue, String meaning) {
    }

    /** A deployment variable an application.properties reads, and the property it feeds. */
    public record Variable(String name, String defaultValue, String feeds) {
    }

    private ConfigurationReference() {
    }

    /**
     * Compares (or rewrites) the section named {@code section} of the reference with the settings
     * of the mappings and the variables of the properties file.
     *
     * @param sourceRoot the module's {@code src/main/java}, where the mappings' Javadoc is read
     */
    public static void check(Path reference, String section, Path sourceRoot, Path applicationProperties,
                             Class<?>... mappings) {
        List<Setting> settings = new ArrayList<>();
        for (Class<?> mapping : mappings) {
            settings.addAll(settings(mapping, sourceRoot));
        }
        List<Variable> variables = applicationProperties == null ? List.of() : variables(applicationProperties);
        String generated = render(settings, variables);
        String begin = "<!-- generated: " + section + " -->\n";
        String end = "<!-- end: " + section + " -->";
        String document = read(reference);
        int from = document.indexOf(begin);
        int to = document.indexOf(end);
        if (from < 0 || to < from) {
            throw new AssertionError(reference + " has no section '" + begin.trim() + "' ... '" + end
                    + "'; add both markers where the table belongs and run the test with -D" + WRITE_PROPERTY + "=true");
        }
        String current = document.substring(from + begin.length(), to);
        if (current.equals(generated)) {
            return;
        }
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            write(reference, document.substring(0, from + begin.length()) + generated + document.substring(to));
            return;
        }
        throw new AssertionError("the '" + section + "' section of " + reference + " is out of step with the code;"
                + " run the test with -D" + WRITE_PROPERTY + "=true to rewrite it. Expected:\n" + generated
                + "\nbut the file has:\n" + current);
    }

    /** Every leaf setting of a mapping, depth first in declaration order of its source. */
    public static List<Setting> settings(Class<?> mapping, Path sourceRoot) {
        ConfigMapping root = mapping.getAnnotation(ConfigMapping.class);
        if (root == null) {
            throw new IllegalArgumentException(mapping + " is not a @ConfigMapping");
        }
        List<Setting> settings = new ArrayList<>();
        collect(mapping, root.prefix(), sourceRoot, settings);
        return settings;
    }

    private static void collect(Class<?> group, String prefix, Path sourceRoot, List<Setting> settings) {
        Map<String, String> docs = javadoc(group, sourceRoot);
        List<Method> methods = new ArrayList<>(Arrays.stream(group.getMethods())
                .filter(m -> m.getParameterCount() == 0 && !m.isDefault() && !Modifier.isStatic(m.getModifiers())
                        && m.getDeclaringClass().isInterface())
                .toList());
        List<String> order = new ArrayList<>(docs.keySet());
        methods.sort(Comparator.comparingInt(m -> order.contains(m.getName()) ? order.indexOf(m.getName()) : order.size()));
        for (Method method : methods) {
            WithName named = method.getAnnotation(WithName.class);
            String key = prefix + "." + (named != null ? named.value() : kebab(method.getName()));
            Class<?> leaf = valueClass(method.getGenericReturnType());
            if (leaf.isInterface() && !leaf.getName().startsWith("java.")) {
                collect(leaf, key, sourceRoot, settings);
                continue;
            }
            String meaning = docs.get(method.getName());
            if (meaning == null || meaning.isBlank()) {
                throw new AssertionError(group.getName() + "." + method.getName() + "() (" + key + ") has no Javadoc:"
                        + " say what the setting does where it is declared");
            }
            WithDefault fallback = method.getAnnotation(WithDefault.class);
            String defaultValue = fallback != null ? fallback.value()
                    : method.getReturnType() == Optional.class || method.getReturnType() == Map.class ? "(none)"
                    : "(required)";
            settings.add(new Setting(key, key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), defaultValue,
                    meaning));
        }
    }

    /** The placeholders of a properties file, with the property each feeds, in file order. */
    public static List<Variable> variables(Path applicationProperties) {
        Map<String, Variable> byName = new LinkedHashMap<>();
        for (String line : read(applicationProperties).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            String property = trimmed.substring(0, trimmed.indexOf('='));
            Matcher placeholder = PLACEHOLDER.matcher(trimmed.substring(trimmed.indexOf('=') + 1));
            while (placeholder.find()) {
                String name = placeholder.group(1);
                String fallback = placeholder.group(2) == null ? "(required)"
                        : placeholder.group(2).isEmpty() ? "(empty)" : placeholder.group(2);
                byName.merge(name, new Variable(name, fallback, property),
                        (a, b) -> new Variable(a.name(), a.defaultValue(), a.feeds() + ", " + b.feeds()));
            }
        }
        return List.copyOf(byName.values());
    }

    static String render(List<Setting> settings, List<Variable> variables) {
        StringBuilder out = new StringBuilder();
        if (!settings.isEmpty()) {
            out.append("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
            for (Setting s : settings) {
                out.append("| `").append(s.key()).append("` | `").append(s.environmentVariable()).append("` | ")
                        .append(cell(s.defaultValue())).append(" | ").append(s.meaning().replace("|", "\\|"))
                        .append(" |\n");
            }
        }
        if (!variables.isEmpty()) {
            out.append(settings.isEmpty() ? "" : "\n")
                    .append("| deployment variable | default | sets |\n|---|---|---|\n");
            for (Variable v : variables) {
                out.append("| `").append(v.name()).append("` | ").append(cell(v.defaultValue())).append(" | `")
                        .append(v.feeds().replace(", ", "`, `")).append("` |\n");
            }
        }
        return out.toString();
    }

    private static String cell(String value) {
        return value.startsWith("(") ? value : "`" + value.replace("|", "\\|") + "`";
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The type a setting holds: T of Optional&lt;T&gt; or List&lt;T&gt; is a leaf when T is a value, a group when an interface. */
    private static Class<?> valueClass(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            if (raw == Optional.class && parameterized.getActualTypeArguments()[0] instanceof Class<?> inner
                    && inner.isInterface() && !inner.getName().startsWith("java.")) {
                return inner;
            }
            return raw;
        }
        return (Class<?>) type;
    }

    /** Method name to its Javadoc (one line, tags dropped), for the interface's methods in source order. */
    private static Map<String, String> javadoc(Class<?> type, Path sourceRoot) {
        Class<?> outermost = type;
        Deque<String> nesting = new ArrayDeque<>();
        nesting.push(type.getSimpleName());
        while (outermost.getEnclosingClass() != null) {
            outermost = outermost.getEnclosingClass();
            nesting.push(outermost.getSimpleName());
        }
        String relative = outermost.getName().replace('.', '/') + ".java";
        Path file = sourceRoot.resolve(relative);
        if (!Files.isRegularFile(file)) {
            // a group shared through the contracts module (the identity provider's settings)
            file = sourceRoot.resolve("../../../../contracts/src/main/java").normalize().resolve(relative);
        }
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("the source of " + type.getName() + " is not at " + file);
        }
        List<String> wanted = List.copyOf(nesting);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(file);
            JavacTask task = (JavacTask) compiler.getTask(null, files, null, List.of("-proc:none"), null, units);
            DocTrees docs = DocTrees.instance(task);
            Map<String, String> found = new LinkedHashMap<>();
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, List<String>>() {
                    @Override
                    public Void visitClass(ClassTree tree, List<String> outer) {
                        List<String> path = new ArrayList<>(outer);
                        path.add(tree.getSimpleName().toString());
                        return super.visitClass(tree, path);
                    }

                    @Override
                    public Void visitMethod(MethodTree tree, List<String> outer) {
                        if (outer.equals(wanted)) {
                            DocCommentTree comment = docs.getDocCommentTree(new TreePath(getCurrentPath(), tree));
                            found.put(tree.getName().toString(), comment == null ? ""
                                    : comment.getFullBody().stream().map(Object::toString)
                                    .collect(java.util.stream.Collectors.joining())
                                    .replaceAll("\\{@code ([^}]*)}", "`$1`").replaceAll("\\{@link ([^}]*)}", "$1")
                                    .replaceAll("\\s+", " ").trim());
                        }
                        return null;
                    }
                }.scan(new TreePath(unit), List.of());
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
