package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code eval.input-drift} on {@link Topics#EVAL}: a window of inputs sampled from a deployment was compared with its
 * suite's dataset. Carries numbers only, never the inputs. Subject: the deployment name.
 *
 * @param useCaseIds       the use cases relying on the model (governance puts them under review when drifted)
 * @param centroidDistance distance between the window's and the reference's mean embeddings
 * @param pValue           the permutation test's p-value for that distance
 * @param outOfDomainShare share of the window farther from the reference than 99 % of the reference itself
 */
public record InputDriftMeasured(String deployment, String project, String modelId, String suite, int suiteVersion,
                                 List<String> useCaseIds, int inputs, double centroidDistance, double pValue,
                                 double outOfDomainShare, boolean drifted) {

    public InputDriftMeasured {
        useCaseIds = useCaseIds == null ? List.of() : List.copyOf(useCaseIds);
    }
}
