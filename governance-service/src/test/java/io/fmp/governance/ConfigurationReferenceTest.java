package io.fmp.governance;

import io.fmp.platform.testing.ConfigurationReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/configuration.md lists what this service reads (it has no settings of its own yet). */
class ConfigurationReferenceTest {

    @Test
    void theReferenceListsEveryVariableOfThisService() {
        ConfigurationReference.check(Path.of("../docs/configuration.md"), "governance-service", Path.of("src/main/java"),
                Path.of("src/main/resources/application.properties"));
    }
}
