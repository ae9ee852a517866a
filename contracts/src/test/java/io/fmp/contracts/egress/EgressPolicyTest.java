package io.fmp.contracts.egress;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EgressPolicyTest {

    /** A fixed DNS: the policy must judge the addresses a name resolves to, not the name. */
    private static final Map<String, String> DNS = Map.of(
            "api.example.com", "93.184.216.34",
            "metadata.attacker.example", "169.254.169.254",
            "intranet.example", "10.1.2.3",
            "cgnat.example", "100.100.1.1",
            "ula.example", "fd00:ec2::254",
            "localhost", "127.0.0.1",
            "mapped.example", "::ffff:192.168.1.1");

    private static EgressPolicy policy(List<String> allowed, boolean loopback) {
        return new EgressPolicy(allowed.stream().map(Origin::parse).toList(), loopback, "fmp.eval.egress.allowed-origins",
                host -> {
                    boolean literal = host.matches("[0-9.]+") || host.contains(":");
                    String address = literal ? host : DNS.get(host);
                    if (address == null) {
                        throw new UnknownHostException(host);
                    }
                    return new InetAddress[] {InetAddress.getByName(address)};
                });
    }

    private static String refusal(EgressPolicy policy, String url) {
        return assertThrows(EgressPolicy.EgressRefusedException.class, () -> policy.check(URI.create(url))).getMessage();
    }

    @Test
    void httpsToAPublicAddressIsCalledAtTheAddressThatWasChecked() throws Exception {
        assertEquals(443, policy(List.of(), false).check(URI.create("https://api.example.com/v1")).getPort());
        assertEquals(InetAddress.getByName("93.184.216.34"), policy(List.of(), false).check(URI.create("https://api.example.com/v1")).getAddress());
    }

    @Test
    void privateLoopbackLinkLocalAndMetadataAddressesAreRefusedAfterResolution() {
        EgressPolicy policy = policy(List.of(), false);
        assertTrue(refusal(policy, "https://metadata.attacker.example/latest").contains("link-local"));
        assertTrue(refusal(policy, "https://169.254.169.254/latest/meta-data").contains("link-local"));
        assertTrue(refusal(policy, "https://intranet.example/v1").contains("private"));
        assertTrue(refusal(policy, "https://cgnat.example/v1").contains("private"));
        assertTrue(refusal(policy, "https://ula.example/v1").contains("private"));
        assertTrue(refusal(policy, "https://mapped.example/v1").contains("private"));
        assertTrue(refusal(policy, "https://localhost:8443/v1").contains("loopback"));
        assertTrue(refusal(policy, "https://[::1]:8443/v1").contains("loopback"));
        assertTrue(refusal(policy, "https://0.0.0.0/v1").contains("reserved"));
        String named = refusal(policy, "https://10.0.0.1/v1");
        assertTrue(named.contains("fmp.eval.egress.allowed-origins"), named);
    }

    @Test
    void plainHttpIsRefusedUnlessTheOriginIsAllowedOrLoopbackIsAllowed() throws Exception {
        assertTrue(refusal(policy(List.of(), false), "http://api.example.com/v1").contains("plain http"));
        assertTrue(refusal(policy(List.of(), true), "http://api.example.com/v1").contains("plain http"));
        assertEquals(InetAddress.getByName("127.0.0.1"), policy(List.of(), true).check(URI.create("http://localhost:11434/v1")).getAddress());
        assertEquals(InetAddress.getByName("10.1.2.3"),
                policy(List.of("http://intranet.example"), false).check(URI.create("http://intranet.example:80/v1")).getAddress());
        // the allow-list names an origin: another port of the same host is another origin
        assertTrue(refusal(policy(List.of("http://intranet.example"), false), "http://intranet.example:8080/v1")
                .contains("private"));
        // loopback allowed does not open the private network
        assertTrue(refusal(policy(List.of(), true), "http://intranet.example/v1").contains("private"));
    }

    @Test
    void otherSchemesUserInfoAndUnknownHostsAreRefused() {
        EgressPolicy policy = policy(List.of(), true);
        assertTrue(refusal(policy, "file:///etc/passwd").contains("only http and https"));
        assertTrue(refusal(policy, "gopher://api.example.com/").contains("only http and https"));
        assertTrue(refusal(policy, "https://user:pw@api.example.com/").contains("user information"));
        assertTrue(refusal(policy, "https://nowhere.example/").contains("does not resolve"));
    }

    @Test
    void originsAreComparedWithDefaultPortsAndCaseFilledIn() {
        assertEquals(Origin.parse("https://API.example.com:443"), Origin.of(URI.create("https://api.example.com/v1/chat")));
        assertEquals("http://[::1]:80", Origin.parse("http://[::1]").toString());
        assertThrows(IllegalArgumentException.class, () -> Origin.parse("https://api.example.com/v1"));
        assertNull(EgressPolicy.nonPublicKind(address("8.8.8.8")));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
