package io.fmp.governance;

import io.fmp.platform.testing.ConfigurationReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/configuration.md lists every setting of this service as the code declares it. */
class ConfigurationReferenceTest {

    @Test
    void theReferenceListsEverySettingAndVariableOfThisService() {
        ConfigurationReference.check(Path.of("../docs/configuration.md"), "governance-service", Path.of("src/main/java"),
                Path.of("src/main/resources/application.properties"), GovernanceConfig.class);
    }
}
