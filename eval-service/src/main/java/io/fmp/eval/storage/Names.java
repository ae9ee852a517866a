package io.fmp.eval.storage;

import io.fmp.contracts.errors.FieldViolation;

import java.util.List;
import java.util.regex.Pattern;

/** The naming rule for datasets and suites: safe in URLs, file names and metric labels. */
public final class Names {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private Names() {
    }

    public static void check(String field, String name, List<FieldViolation> violations) {
        if (name == null || !NAME.matcher(name).matches()) {
            violations.add(new FieldViolation(field, "must be 1 to 100 letters, digits, '.', '_' or '-'"));
        }
    }
}
