package io.fmp.contracts.egress;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and port, as an operator names it in an egress allow-list or a
 * secret binding ({@code https://api.openai.com}, {@code http://127.0.0.1:11434}). Default ports are
 * filled in, so {@code https://host} and {@code https://host:443} are the same origin.
 */
public record Origin(String scheme, String host, int port) {

    public Origin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
    }

    /** The origin of a URL that will be called; only http and https URLs with a host have one. */
    public static Origin of(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("only http and https URLs are called, not '" + url.getScheme() + ":'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("the URL names no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the URL carries user information; credentials go by secret reference");
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equalsIgnoreCase("https") ? 443 : 80;
        return new Origin(scheme, host, port);
    }

    /** An origin as configured: a URL with no path other than "/", no query and no fragment. */
    public static Origin parse(String text) {
        URI url;
        try {
            url = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("origin '" + text + "' is not a URL");
        }
        if ((url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/"))
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("origin '" + text + "' must be scheme://host[:port] only");
        }
        try {
            return of(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("origin '" + text + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
