package dev.headcount.report.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether the service may start with its HTTP binding and token: reachable from other hosts it must have a token,
 * so that nobody who can reach it can submit experiments; bound to loopback only, no token is the local default.
 */
public final class Binding {
    private Binding() {
    }

    /** Why the service must not start, or empty when it may. */
    public static Optional<String> problem(String host, Optional<String> token) {
        Optional<String> configured = token.filter(t -> !t.isBlank()).map(String::strip);
        if (configured.isPresent() && configured.get().length() < BearerToken.MIN_LENGTH) {
            return Optional.of("headcount.auth.token (HEADCOUNT_AUTH_TOKEN) must be at least " + BearerToken.MIN_LENGTH
                    + " characters, was " + configured.get().length());
        }
        if (configured.isEmpty() && !isLoopback(host)) {
            return Optional.of("the report-service binds " + host + " (quarkus.http.host), reachable from other hosts, "
                    + "but no token is configured: set HEADCOUNT_AUTH_TOKEN (headcount.auth.token, at least "
                    + BearerToken.MIN_LENGTH + " characters) or bind 127.0.0.1");
        }
        return Optional.empty();
    }

    /** {@code localhost}, {@code 127.x.x.x} and {@code ::1}; a name is looked up (every address must be loopback). */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(h);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
