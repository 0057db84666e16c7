package org.wsconnector.impl.transport;

import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.engine.PeerText;

/** The exception for a proxy's non-2xx answer to CONNECT, phrased so that an operator knows whom to call. */
public final class ProxyRefusals {
    private ProxyRefusals() {
    }

    static WebSocketConnectorException of(ClientConfig config, ProxyConfig proxy, String rawStatusLine, int status) {
        String client = config.name();
        String statusLine = PeerText.quote(rawStatusLine);
        String address = proxy.address();
        if (status == 407) {
            return new ProxyAuthenticationException(client, address, statusLine, proxy.credentials().isPresent(), null);
        }
        String meaning = switch (status) {
            case 403 -> "refused the tunnel by its policy";
            case 502, 504 -> "could not reach " + config.uri().getHost() + ":" + config.port();
            case 503 -> "is unavailable";
            default -> "refused the tunnel";
        };
        return new ProxyException(client, address, statusLine, "proxy " + address + " " + meaning + " ("
                + statusLine + ")", null);
    }
}
