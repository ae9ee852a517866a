package io.fmp.contracts.events;

/**
 * What the provider of a general-purpose AI model publishes under the EU AI Act (Art. 53; Art. 55 with systemic
 * risk), as its model card states it.
 *
 * @param systemicRisk           designated or declared a model with systemic risk (Art. 51)
 * @param trainingComputeFlops   cumulative training compute in FLOP, null when not stated (above 1e25 presumes
 *                               systemic risk, Art. 51(2))
 * @param technicalDocumentation URL of the documentation for the AI Office and downstream providers (Art. 53(1)(a),
 *                               (b); Annexes XI, XII), null when not published
 * @param copyrightPolicy        URL of the policy to comply with Union copyright law (Art. 53(1)(c)), or null
 * @param trainingContentSummary URL of the public summary of the training content (Art. 53(1)(d)), or null
 */
public record GeneralPurposeModel(boolean systemicRisk, Double trainingComputeFlops, String technicalDocumentation,
                                  String copyrightPolicy, String trainingContentSummary) {

    /** Art. 51(2): cumulative training compute above 10^25 FLOP presumes high-impact capabilities. */
    public static final double SYSTEMIC_RISK_FLOPS = 1e25;

    /** Declared, or presumed from the training compute. */
    public boolean presumedSystemicRisk() {
        return systemicRisk || trainingComputeFlops != null && trainingComputeFlops > SYSTEMIC_RISK_FLOPS;
    }
}
