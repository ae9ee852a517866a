package io.fmp.contracts.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * RFC 9457 problem details, the body of every HTTP error ({@code application/problem+json}).
 *
 * @param errors one entry per bad field, for 400 responses
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldViolation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public static Problem invalid(List<FieldViolation> errors) {
        return new Problem("https://fmp.io/problems/invalid-input", "Invalid input", 400,
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid", errors);
    }
}
