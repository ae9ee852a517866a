package io.fmp.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points the gateway under test at one {@link TestIdentityProvider}, shared by the module's tests. */
public class TestIdentityProviderResource implements QuarkusTestResourceLifecycleManager {

    private static TestIdentityProvider provider;

    public static synchronized TestIdentityProvider provider() {
        if (provider == null) {
            provider = TestIdentityProvider.start();
            Runtime.getRuntime().addShutdownHook(new Thread(provider::close));
        }
        return provider;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("fmp.gateway.auth.oidc.issuer", provider().issuer());
    }

    @Override
    public void stop() {
        // lives as long as the JVM: later test classes reuse it
    }
}
