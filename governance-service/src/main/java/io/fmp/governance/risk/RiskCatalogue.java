package io.fmp.governance.risk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fmp.governance.policies.CelExpressions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of questions, tiers and obligations ({@code governance/risk-catalogue.yaml}): data with a
 * version and the legal source of every row, so a change of law is a reviewed change of a file.
 */
public record RiskCatalogue(String version, Map<String, String> sources, List<ApplicationDate> applicationDates,
                            List<Question> questions, List<Tier> tiers, List<Obligation> obligations) {

    public static final String RESOURCE = "governance/risk-catalogue.yaml";

    public record ApplicationDate(String provisions, String from, String source) {
    }

    /** kind: one-of, many-of, yes-no or text; requiredWhen: CEL over answers (absent: always required, text never). */
    public record Question(String id, String text, String kind, List<String> options, String requiredWhen,
                           String source) {
        public List<String> options() {
            return kind.equals("yes-no") ? List.of("yes", "no") : options == null ? List.of() : options;
        }
    }

    /** quorum: distinct approvers a production decision needs; reviewEvery: ISO-8601 period in days between reviews. */
    public record Tier(String id, String when, String source, int quorum, String reviewEvery) {
        public Duration reviewInterval() {
            Period period = Period.parse(reviewEvery);
            if (period.toTotalMonths() != 0 || period.getDays() <= 0) {
                // months and years have no fixed length: a review date must not depend on the calendar
                throw new IllegalStateException("tier " + id + ": reviewEvery must be a number of days (P180D), not "
                        + reviewEvery);
            }
            return Duration.ofDays(period.getDays());
        }
    }

    /** nist: AI RMF functions; genai: NIST AI 600-1 risk categories; evidence: the kinds that satisfy it. */
    public record Obligation(String id, String title, String source, String when, List<String> nist,
                             List<String> genai, List<String> evidence) {
    }

    /** The catalogue the service ships with; every condition compiled, so a bad row stops the start. */
    public static RiskCatalogue load() {
        try (InputStream in = RiskCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            RiskCatalogue catalogue = new ObjectMapper(new YAMLFactory())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                    .readValue(in, RiskCatalogue.class);
            catalogue.tiers.forEach(t -> CelExpressions.compile(t.when));
            catalogue.tiers.forEach(Tier::reviewInterval);
            catalogue.obligations.forEach(o -> CelExpressions.compile(o.when));
            catalogue.questions.stream().filter(q -> q.requiredWhen != null).forEach(q -> CelExpressions.compile(q.requiredWhen));
            return catalogue;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Tier> tier(String id) {
        return tiers.stream().filter(t -> t.id.equals(id)).findFirst();
    }

    public Optional<Obligation> obligation(String id) {
        return obligations.stream().filter(o -> o.id.equals(id)).findFirst();
    }
}
