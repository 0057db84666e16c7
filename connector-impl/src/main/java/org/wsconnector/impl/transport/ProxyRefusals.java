package org.wsconnector.impl.transport;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.engine.PeerText;

import java.util.Optional;

/**
 * The exception for a proxy's non-2xx answer to CONNECT, phrased so that an operator knows whom to call. When the
 * proxy says the target could not be reached (squid's {@code X-Squid-Error}, {@link SquidErrorHeader}), the failure is
 * the target's: a {@link ConnectFailedException}, as when the target refuses a direct connection, not a
 * {@link ProxyException}, whose class sends the operator to the proxy's team.
 */
public final class ProxyRefusals {
    private ProxyRefusals() {
    }

    /** @param credentialsSent whether this attempt sent the proxy credentials (a 401 then refuses them) */
    static WebSocketConnectorException of(ClientConfig config, ProxyConfig proxy, HttpHead reply,
                                          boolean credentialsSent) {
        String client = config.name();
        String statusLine = PeerText.quote(reply.statusLine());
        String address = proxy.address();
        int status = reply.status();
        if (status == 407) {
            return new ProxyAuthenticationException(client, address, statusLine, credentialsSent, null);
        }
        if (status == 401 && credentialsSent) {
            // Some proxies answer refused credentials with 401 instead of 407 (issue 15).
            return new ProxyAuthenticationException(client, address, statusLine, true, "proxy " + address
                    + " refused the configured proxy.username/proxy.password (" + statusLine + ", where a proxy "
                    + "should answer 407): the credentials were sent and refused", null);
        }
        String target = config.uri().getHost() + ":" + config.port();
        Optional<SquidErrorHeader> squid = SquidErrorHeader.of(reply);
        String hint = squid.map(error -> PeerText.quote(error.shown()) + ", ").orElse("");
        Optional<String> targetFailure = squid.flatMap(SquidErrorHeader::targetFailure);
        if (status / 100 == 5 && targetFailure.isPresent()) {
            return new ConnectFailedException(client, "cannot reach " + target + " through proxy " + address + ": "
                    + targetFailure.get() + " (the proxy reported " + hint + statusLine + ")", null);
        }
        String meaning = switch (status) {
            case 403 -> "refused the tunnel by its policy";
            case 502, 504 -> "could not reach " + target;
            case 503 -> "is unavailable";
            default -> "refused the tunnel";
        };
        return new ProxyException(client, address, statusLine, "proxy " + address + " " + meaning + " ("
                + hint + statusLine + ")", null);
    }
}
