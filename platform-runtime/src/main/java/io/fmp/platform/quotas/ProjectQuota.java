package io.fmp.platform.quotas;

import io.fmp.contracts.errors.QuotaExceededException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * One quota of every project (concurrent runs, concurrent tuning jobs, GPU-hours a month): a default
 * and the projects an operator gave another limit. Zero means no limit.
 *
 * @param name      the quota's name in refusals, e.g. {@code concurrent-runs}
 * @param byDefault the limit of a project not named in {@code byProject}
 * @param byProject limits per project
 */
public record ProjectQuota(String name, double byDefault, Map<String, Double> byProject) {

    public ProjectQuota {
        byProject = Map.copyOf(byProject);
    }

    public double limitOf(String project) {
        return byProject.getOrDefault(project, byDefault);
    }

    /**
     * Refuses {@code wanted} more on top of {@code used} when they would pass the project's limit.
     *
     * @param resets when the quota frees up, in words
     */
    public void check(String project, double used, double wanted, String unit, String resets) {
        double limit = limitOf(project);
        if (limit > 0 && used + wanted > limit) {
            throw new QuotaExceededException(project, name, amount(limit, unit) + " allowed, " + amount(used, unit)
                    + " used" + (wanted == 1 && unit.isEmpty() ? "" : ", and this request needs " + amount(wanted, unit)),
                    resets);
        }
    }

    /** A number as people write it: whole numbers without decimals, others to four significant digits. */
    static String amount(double value, String unit) {
        String number = new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
