package io.fmp.contracts.errors;

/**
 * One reason why an input was rejected.
 *
 * @param field   path of the offending field, e.g. {@code contextWindow} or {@code tasks[2]}
 * @param message why it is wrong, phrased for the caller
 */
public record FieldViolation(String field, String message) {
}
