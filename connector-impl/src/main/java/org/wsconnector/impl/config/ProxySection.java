package org.wsconnector.impl.config;

import org.wsconnector.config.Credentials;
import org.wsconnector.config.ProxyConfig;

import java.util.Optional;
import java.util.regex.Pattern;

import static org.wsconnector.ConfigProblemCode.INVALID_PROXY_ADDRESS;
import static org.wsconnector.ConfigProblemCode.MISSING_COMPANION_KEY;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.impl.config.ClientKeys.PROXY_HOST;
import static org.wsconnector.impl.config.ClientKeys.PROXY_PASSWORD;
import static org.wsconnector.impl.config.ClientKeys.PROXY_USERNAME;

/** The forward HTTP proxy: {@code proxy.host} (host:port, port mandatory) and its credentials. */
final class ProxySection {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern PORT = Pattern.compile("\\d+");
    private static final String ALLOWED =
            "host:port of an HTTP proxy, e.g. proxy.corp.example:3128 or [::1]:3128, without scheme";

    private ProxySection() {
    }

    static Optional<ProxyConfig> read(ClientValues values) {
        String text = values.raw(PROXY_HOST);
        Optional<Credentials> credentials = values.credentials(PROXY_USERNAME, PROXY_PASSWORD);
        if (text == null) {
            // Set but unresolvable is reported as such; never read as "no proxy".
            if (credentials.isPresent() && !values.has(PROXY_HOST)) {
                values.problem(MISSING_COMPANION_KEY, PROXY_HOST,
                        "missing while proxy.username/proxy.password are set; allowed: host:port");
            }
            return Optional.empty();
        }
        String value = text.trim();
        if (value.contains("://")) {
            return refuse(values, text, "give host:port without a scheme (the tunnel is always HTTP CONNECT)");
        }
        int colon = value.lastIndexOf(':');
        boolean bracketed = value.startsWith("[");
        if (colon < 0 || (bracketed && colon < value.indexOf(']'))) {
            return refuse(values, text, "the port is missing");
        }
        String host = value.substring(0, colon);
        if (bracketed) {
            if (!host.endsWith("]")) {
                return refuse(values, text, "unbalanced brackets around an IPv6 address");
            }
            host = host.substring(1, host.length() - 1);
            if (!IPV6.matcher(host).matches()) {
                return refuse(values, text, "not an IPv6 address between the brackets");
            }
        } else if (host.indexOf(':') >= 0) {
            return refuse(values, text, "an IPv6 address needs brackets");
        } else if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
            // A space, CR/LF or any other such character would end up in the CONNECT request line.
            return refuse(values, text, "the host may hold only letters, digits, '.', '-' and '_'");
        }
        if (host.isEmpty()) {
            return refuse(values, text, "the host is missing");
        }
        String portText = value.substring(colon + 1);
        if (!PORT.matcher(portText).matches()) {
            return refuse(values, text, "the port is not a number");
        }
        int port = portText.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(portText);
        if (!Defaults.PORT_RANGE.contains(port)) {
            values.invalid(OUT_OF_RANGE, PROXY_HOST, text, "the port " + Defaults.PORT_RANGE.mustBe(),
                    "a port from 1 to 65535");
            return Optional.empty();
        }
        return Optional.of(new ProxyConfig(host, port, credentials));
    }

    private static Optional<ProxyConfig> refuse(ClientValues values, String text, String reason) {
        values.invalid(INVALID_PROXY_ADDRESS, PROXY_HOST, text, reason, ALLOWED);
        return Optional.empty();
    }
}
