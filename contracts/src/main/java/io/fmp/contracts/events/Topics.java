package io.fmp.contracts.events;

import java.util.List;

/** One Kafka topic per domain; poison messages go to the topic's dead-letter twin. */
public final class Topics {

    public static final String CATALOG = "catalog.events";
    public static final String EVAL = "eval.events";
    public static final String TUNING = "tuning.events";
    public static final String GOVERNANCE = "governance.events";

    public static final List<String> ALL = List.of(CATALOG, EVAL, TUNING, GOVERNANCE);

    private Topics() {
    }

    static String forDomain(String typePrefix) {
        return switch (typePrefix) {
            case "model" -> CATALOG;
            // eval-service's datasets and suites travel with its runs
            case "eval", "dataset", "suite" -> EVAL;
            // deployments are tuning-service's (it hosts serving)
            case "tuning", "deployment" -> TUNING;
            case "governance" -> GOVERNANCE;
            default -> throw new IllegalArgumentException("no topic for event domain: " + typePrefix);
        };
    }

    /** Where a consumer parks a message it could not process after bounded retries. */
    public static String deadLetterOf(String topic) {
        return topic + ".dlq";
    }
}
