package io.fmp.gateway;

import io.fmp.platform.testing.ConfigurationReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/configuration.md lists every setting of the gateway as the code declares it. */
class ConfigurationReferenceTest {

    @Test
    void theReferenceListsEverySettingAndVariableOfTheGateway() {
        ConfigurationReference.check(Path.of("../docs/configuration.md"), "gateway", Path.of("src/main/java"),
                Path.of("src/main/resources/application.properties"), GatewayConfig.class);
    }
}
