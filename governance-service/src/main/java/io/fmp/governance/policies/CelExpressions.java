package io.fmp.governance.policies;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL as governance uses it: one environment whose variables are the facts a decision rests on, every
 * expression compiled once and kept by its text (compiling costs milliseconds, evaluating microseconds).
 * Plain Java: the risk catalogue, the policies and their tests share it without Quarkus.
 */
public final class CelExpressions {

    /** The facts an expression may read; absent ones are empty maps. */
    public static final List<String> VARIABLES = List.of("answers", "tier", "useCase", "model", "evals", "approvals",
            "factsheet", "gate", "variables");

    /** Why an expression does not compile: the first issue, with its line and column (1-based). */
    public record CompileError(int line, int column, String message) {
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    /** An expression that does not compile. */
    public static final class CompileException extends RuntimeException {
        public final CompileError error;

        CompileException(CompileError error) {
            super(error.toString());
            this.error = error;
        }
    }

    private static final CelCompiler COMPILER;
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    static {
        var builder = CelCompilerFactory.standardCelCompilerBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        VARIABLES.forEach(name -> builder.addVar(name, SimpleType.DYN));
        COMPILER = builder.build();
    }

    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

    private CelExpressions() {
    }

    /** The compiled program of an expression (cached by its text); CompileException when it does not compile. */
    public static CelRuntime.Program compile(String expression) {
        CelRuntime.Program cached = PROGRAMS.get(expression);
        if (cached != null) {
            return cached;
        }
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            CelRuntime.Program program = RUNTIME.createProgram(ast);
            PROGRAMS.putIfAbsent(expression, program);
            return program;
        } catch (CelValidationException e) {
            CelIssue issue = e.getErrors().get(0);
            throw new CompileException(new CompileError(issue.getSourceLocation().getLine(),
                    issue.getSourceLocation().getColumn() + 1, issue.getMessage()));
        } catch (CelEvaluationException e) {
            throw new CompileException(new CompileError(1, 1, e.getMessage()));
        }
    }

    /** The compile error of an expression, if it has one. */
    public static Optional<CompileError> check(String expression) {
        try {
            compile(expression);
            return Optional.empty();
        } catch (CompileException e) {
            return Optional.of(e.error);
        }
    }

    /** Evaluates an expression over facts (variable name -> value: maps, lists, strings, longs, doubles, booleans). */
    public static Object evaluate(String expression, Map<String, ?> facts) throws CelEvaluationException {
        return compile(expression).eval(facts);
    }

    /** Evaluates a condition; an expression that yields no boolean is an evaluation error. */
    public static boolean test(String expression, Map<String, ?> facts) throws CelEvaluationException {
        Object value = evaluate(expression, facts);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("'" + expression + "' yields " + value + ", not true or false");
    }
}
