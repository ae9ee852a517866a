package io.fmp.gateway.downstream;

/** A service behind the gateway did not answer in time or is unreachable; the client should retry later. */
public class DownstreamUnavailableException extends RuntimeException {

    private final String service;

    public DownstreamUnavailableException(String service, Throwable cause) {
        super(service + " is unavailable", cause);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
