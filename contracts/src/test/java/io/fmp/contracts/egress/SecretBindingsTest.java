package io.fmp.contracts.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretBindingsTest {

    private static final Origin OPENAI = Origin.parse("https://api.openai.com");
    private static final String SETTING = "fmp.eval.secrets.bindings";

    @TempDir
    Path secrets;

    private SecretBindings bindings(Map<String, Set<Origin>> bound, Map<String, String> environment) {
        return new SecretBindings("FMP_SECRET_", secrets, bound, environment::get, SETTING);
    }

    private static String refusal(SecretBindings bindings, String reference, Origin destination) {
        return assertThrows(SecretBindings.SecretRefusedException.class,
                () -> bindings.resolver(reference, destination)).getMessage();
    }

    @Test
    void aBoundReferenceGoesToItsOriginOnly() throws Exception {
        SecretBindings bindings = bindings(Map.of("env:FMP_SECRET_OPENAI", Set.of(OPENAI)),
                Map.of("FMP_SECRET_OPENAI", " sk-test \n"));
        assertEquals("sk-test", bindings.resolver("env:FMP_SECRET_OPENAI", OPENAI).get());
        String elsewhere = refusal(bindings, "env:FMP_SECRET_OPENAI", Origin.parse("https://attacker.example"));
        assertTrue(elsewhere.contains("not bound to https://attacker.example:443"), elsewhere);
        assertFalse(elsewhere.contains("api.openai.com"), "a refusal does not tell where the secret may go");
        // the same host over http, or on another port, is another origin
        refusal(bindings, "env:FMP_SECRET_OPENAI", Origin.parse("http://api.openai.com"));
        refusal(bindings, "env:FMP_SECRET_OPENAI", Origin.parse("https://api.openai.com:8443"));
    }

    @Test
    void theServicesOwnVariablesCannotBeNamedAndRefusalsDoNotSayWhatExists() {
        SecretBindings bindings = bindings(Map.of(), Map.of("HOME", "/root", "FMP_DB_PASSWORD", "pw"));
        String home = refusal(bindings, "env:HOME", OPENAI);
        String missing = refusal(bindings, "env:NO_SUCH_VARIABLE", OPENAI);
        assertTrue(home.contains("starting with FMP_SECRET_"), home);
        assertEquals(home.replace("HOME", "X"), missing.replace("NO_SUCH_VARIABLE", "X"),
                "a set and an unset variable are refused alike");
        assertFalse(refusal(bindings, "env:FMP_DB_PASSWORD", OPENAI).contains("pw"));
        String unbound = refusal(bindings, "env:FMP_SECRET_ANYTHING", OPENAI);
        assertTrue(unbound.contains("not bound to any origin") && unbound.contains(SETTING), unbound);
    }

    @Test
    void aBoundButUnsetSecretFailsWithoutItsValueOrItsPlace() throws Exception {
        SecretBindings bindings = bindings(Map.of("env:FMP_SECRET_GONE", Set.of(OPENAI), "k8s:gateway/api-key",
                Set.of(OPENAI)), Map.of());
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> bindings.resolver("env:FMP_SECRET_GONE", OPENAI).get());
        assertEquals("secret reference env:FMP_SECRET_GONE has no value in this service", gone.getMessage());
        IllegalStateException unmounted = assertThrows(IllegalStateException.class,
                () -> bindings.resolver("k8s:gateway/api-key", OPENAI).get());
        assertFalse(unmounted.getMessage().contains(secrets.toString()), "no mount path in the error");

        Files.createDirectories(secrets.resolve("gateway"));
        Files.writeString(secrets.resolve("gateway/api-key"), "from-a-secret\n");
        assertEquals("from-a-secret", bindings.resolver("k8s:gateway/api-key", OPENAI).get());
    }

    @Test
    void referencesThatLeaveTheSecretsDirectoryOrHaveNoKnownFormAreRefused() throws Exception {
        SecretBindings bindings = bindings(Map.of(), Map.of());
        assertTrue(refusal(bindings, "k8s:../etc/passwd", OPENAI).contains("neither"));
        assertTrue(refusal(bindings, "k8s:a/../../b", OPENAI).contains("neither"));
        assertTrue(refusal(bindings, "vault:kv/openai", OPENAI).contains("neither"));
        assertNull(bindings.resolver("", OPENAI).get(), "no reference: no credential");
    }

    @Test
    void bindingsAreParsedFromConfigurationAndABadOneFailsTheStart() throws Exception {
        SecretBindings parsed = SecretBindings.parse("FMP_SECRET_", secrets, List.of(
                "env:FMP_SECRET_A=https://api.openai.com https://eu.api.openai.com", "k8s:hf/token=https://huggingface.co"),
                SETTING);
        refusal(parsed, "env:FMP_SECRET_A", Origin.parse("https://huggingface.co"));
        assertThrows(IllegalStateException.class, () -> parsed.resolver("env:FMP_SECRET_A",
                Origin.parse("https://eu.api.openai.com")).get(), "bound (it only has no value in this test)");
        assertThrows(IllegalArgumentException.class, () -> SecretBindings.parse("FMP_SECRET_", secrets,
                List.of("env:HOME=https://api.openai.com"), SETTING));
        assertThrows(IllegalArgumentException.class, () -> SecretBindings.parse("FMP_SECRET_", secrets,
                List.of("env:FMP_SECRET_A"), SETTING));
    }
}
