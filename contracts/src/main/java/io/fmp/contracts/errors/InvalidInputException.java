package io.fmp.contracts.errors;

import java.util.List;
import java.util.stream.Collectors;

/** Input rejected at the edge; carries every violation found, not just the first. */
public class InvalidInputException extends RuntimeException {

    private static final int MESSAGE_VIOLATIONS = 5;

    private final List<FieldViolation> violations;

    public InvalidInputException(List<FieldViolation> violations) {
        // the first few in the message (it travels as a gRPC status line); all of them in violations()
        super(violations.stream().limit(MESSAGE_VIOLATIONS).map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; ")) + (violations.size() > MESSAGE_VIOLATIONS
                ? "; and " + (violations.size() - MESSAGE_VIOLATIONS) + " more" : ""));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
