package io.fmp.platform.config;

import io.fmp.platform.testing.ConfigurationReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/configuration.md lists every shared setting as platform-runtime declares it. */
class ConfigurationReferenceTest {

    @Test
    void theReferenceListsEverySharedSetting() {
        ConfigurationReference.check(Path.of("../docs/configuration.md"), "platform-runtime", Path.of("src/main/java"),
                Path.of("src/main/resources/META-INF/microprofile-config.properties"), PlatformConfig.class);
    }
}
