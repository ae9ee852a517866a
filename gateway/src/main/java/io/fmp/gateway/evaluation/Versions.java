package io.fmp.gateway.evaluation;

import io.fmp.contracts.errors.InvalidInputException;

/** Version numbers in paths: 1, 2, ... or "latest". */
final class Versions {

    private Versions() {
    }

    /** 0 for "latest" (what the services read as the newest). */
    static int parse(String field, String text) {
        if ("latest".equals(text)) {
            return 0;
        }
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new InvalidInputException(field, "must be a version number (1, 2, ...) or latest, was " + text);
    }
}
