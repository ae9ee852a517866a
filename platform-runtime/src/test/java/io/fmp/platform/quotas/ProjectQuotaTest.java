package io.fmp.platform.quotas;

import io.fmp.contracts.errors.QuotaExceededException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProjectQuotaTest {

    private final ProjectQuota gpuHours = new ProjectQuota("gpu-hours-per-month", 100, Map.of("research", 500.0,
            "unlimited", 0.0));

    @Test
    void aRequestFitsUpToTheLimitAndNotBeyondNamingLimitUseAndReset() {
        gpuHours.check("team-a", 60, 40, "GPU-hours", "on 2027-01-01");
        QuotaExceededException refused = assertThrows(QuotaExceededException.class,
                () -> gpuHours.check("team-a", 60, 40.25, "GPU-hours", "on 2027-01-01 (UTC)"));
        assertEquals("project team-a is over its quota gpu-hours-per-month: 100 GPU-hours allowed, 60 GPU-hours used,"
                + " and this request needs 40.25 GPU-hours; it resets on 2027-01-01 (UTC)", refused.getMessage());
        assertEquals("project:team-a/gpu-hours-per-month", refused.subject());
    }

    @Test
    void aProjectNamedByTheOperatorHasItsOwnLimitAndZeroMeansNone() {
        gpuHours.check("research", 400, 99, "GPU-hours", "");
        gpuHours.check("unlimited", 1e9, 1e9, "GPU-hours", "");
        assertThrows(QuotaExceededException.class, () -> gpuHours.check("research", 400, 101, "GPU-hours", ""));
    }

    @Test
    void countsNameNoUnitAndNoRequestSize() {
        ProjectQuota runs = new ProjectQuota("concurrent-runs", 2, Map.of());
        runs.check("team-a", 1, 1, "", "");
        assertEquals("project team-a is over its quota concurrent-runs: 2 allowed, 2 used; it resets when one finishes",
                assertThrows(QuotaExceededException.class, () -> runs.check("team-a", 2, 1, "", "when one finishes"))
                        .getMessage());
        assertEquals("0.000001", ProjectQuota.amount(0.000001, ""));
        assertEquals("0.01235 GPU-hours", ProjectQuota.amount(0.0123456, "GPU-hours"));
    }
}
