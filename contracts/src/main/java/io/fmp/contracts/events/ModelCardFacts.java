package io.fmp.contracts.events;

/**
 * What a model card says that governance's policies read besides identity and lineage.
 *
 * @param commercialUse   whether the licence allows commercial use (the catalog derives it from the licence id)
 * @param trainingData    how much the provider discloses about the training data: none, summary or full
 * @param generalPurpose  set when the model is a general-purpose AI model (EU AI Act Art. 3(63)), else null
 */
public record ModelCardFacts(boolean commercialUse, String trainingData, boolean ipIndemnity,
                             GeneralPurposeModel generalPurpose) {

    /** Events of older producers, which carried none of it. */
    public static ModelCardFacts unknown() {
        return new ModelCardFacts(false, "none", false, null);
    }
}
