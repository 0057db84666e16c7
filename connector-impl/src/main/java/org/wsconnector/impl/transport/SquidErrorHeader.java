package org.wsconnector.impl.transport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Squid's own account of a refused CONNECT, from its {@code X-Squid-Error} reply header: the name of its error page
 * and, for a failed connection to the target, the system's error number ({@code ERR_CONNECT_FAIL 111}: the target
 * refused, ECONNREFUSED). It tells whose failure a 502/503/504 is — the target's, which the proxy could not reach,
 * or the proxy's own — which the status alone does not: squid answers a refused target with 503.
 *
 * @param error the error page's name, {@code ERR_…}
 * @param errno the system error number squid appended, when it did
 */
record SquidErrorHeader(String error, Optional<Integer> errno) {
    static final String HEADER = "X-Squid-Error";
    /** Linux error numbers squid reports for its connection to the target. */
    private static final Map<Integer, String> TARGET_ERRNOS = Map.of(
            111, "the target refused the connection",
            110, "the connection to the target timed out",
            113, "no route to the target's host",
            101, "the target's network is unreachable",
            104, "the target reset the connection");

    /** The header of {@code reply}, when squid (or a proxy imitating it) sent a well-formed one. */
    static Optional<SquidErrorHeader> of(HttpHead reply) {
        List<String> values = reply.headers().getOrDefault(HEADER, List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = values.get(0).trim().split("\\s+");
        if (!parts[0].toUpperCase(Locale.ROOT).startsWith("ERR_")) {
            return Optional.empty();
        }
        Optional<Integer> errno = Optional.empty();
        if (parts.length > 1 && parts[1].matches("\\d{1,4}")) {
            errno = Optional.of(Integer.parseInt(parts[1]));
        }
        return Optional.of(new SquidErrorHeader(parts[0].toUpperCase(Locale.ROOT), errno));
    }

    /**
     * Why the target could not be reached, when that is what squid says: the failure is then the target's (or the
     * network's behind the proxy), not the proxy's. Empty when squid reports a failure of its own or an unknown one.
     */
    Optional<String> targetFailure() {
        return switch (error) {
            case "ERR_CONNECT_FAIL" -> Optional.of(errno.map(TARGET_ERRNOS::get)
                    .orElse("the proxy could not connect to the target"));
            case "ERR_DNS_FAIL" -> Optional.of("the proxy could not resolve the target's host name");
            default -> Optional.empty();
        };
    }

    /** As the header said it, for messages: {@code ERR_CONNECT_FAIL 111}. */
    String shown() {
        return error + errno.map(number -> " " + number).orElse("");
    }
}
