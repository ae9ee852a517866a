package io.fmp.contracts.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which URLs the platform may call on a user's say-so (model endpoints, artifact stores): https to
 * public addresses, and anything else only where an operator allowed its origin. The check runs on
 * the addresses the host resolves to, and the caller connects to the address the check returns, so a
 * name that resolves to a public address now and to 169.254.169.254 a moment later (DNS rebinding)
 * cannot slip through. Redirects are the caller's to refuse (the platform's clients follow none).
 */
public final class EgressPolicy {

    /** Resolves a host name to its addresses ({@link InetAddress#getAllByName} outside tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a URL may not be called; the message names the rule and the setting that relaxes it. */
    public static final class EgressRefusedException extends Exception {
        EgressRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private final Set<Origin> allowed;
    private final boolean allowLoopback;
    private final String setting;
    private final Resolver resolver;

    /**
     * @param allowed       origins called whatever they resolve to and over plain http too
     * @param allowLoopback whether loopback addresses may be called (the local launcher: a model server on
     *                      the same machine), over http too
     * @param setting       the configuration key of the allow-list, named in refusals
     */
    public EgressPolicy(Collection<Origin> allowed, boolean allowLoopback, String setting, Resolver resolver) {
        this.allowed = Set.copyOf(allowed);
        this.allowLoopback = allowLoopback;
        this.setting = setting;
        this.resolver = resolver;
    }

    public static EgressPolicy of(List<String> allowedOrigins, boolean allowLoopback, String setting) {
        return new EgressPolicy(allowedOrigins.stream().filter(o -> !o.isBlank()).map(Origin::parse).toList(),
                allowLoopback, setting, InetAddress::getAllByName);
    }

    /** The origin may be called; returns the address and port to connect to. */
    public InetSocketAddress check(URI url) throws EgressRefusedException {
        Origin origin;
        try {
            origin = Origin.of(url);
        } catch (IllegalArgumentException e) {
            throw new EgressRefusedException(e.getMessage());
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(origin.host());
        } catch (UnknownHostException e) {
            throw new EgressRefusedException("host " + origin.host() + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new EgressRefusedException("host " + origin.host() + " does not resolve");
        }
        if (allowed.contains(origin)) {
            return new InetSocketAddress(addresses[0], origin.port());
        }
        boolean allLoopback = true;
        for (InetAddress address : addresses) {
            String kind = nonPublicKind(address);
            if (kind == null) {
                allLoopback = false;
            } else if (!(kind.equals("loopback") && allowLoopback)) {
                throw new EgressRefusedException(origin + " resolves to a " + kind + " address, which the platform"
                        + " does not call unless an operator allows the origin (" + setting + ")");
            }
        }
        if (origin.scheme().equals("http") && !(allLoopback && allowLoopback)) {
            throw new EgressRefusedException(origin + " is plain http; use https, or an operator allows the origin ("
                    + setting + ")");
        }
        return new InetSocketAddress(addresses[0], origin.port());
    }

    /** Null for a public unicast address; otherwise what it is. */
    static String nonPublicKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local (cloud metadata)";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "reserved";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 100 && second >= 64 && second < 128) {
                return "private"; // carrier-grade NAT, 100.64.0.0/10
            }
            if (first == 0 || first >= 240 || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19))) {
                return "reserved";
            }
            return null;
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private"; // unique local, fc00::/7 (fd00:ec2::254 is a metadata address)
            }
            if (embedsIpv4(b)) {
                try {
                    return nonPublicKind(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return null;
    }

    /** IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d); IPv4-mapped ones Java already reads as IPv4. */
    private static boolean embedsIpv4(byte[] b) {
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        boolean leadingZeros = true;
        for (int i = nat64 ? 4 : 0; i < 12; i++) {
            leadingZeros &= b[i] == 0;
        }
        return leadingZeros;
    }
}
