package org.wsconnector.impl.transport;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.TcpKeepAliveConfig;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies TCP keepalive to the real socket of an open link: SO_KEEPALIVE, then idle/interval/probes through
 * {@code jdk.net.ExtendedSocketOptions} where the platform and the module system allow it. Those options are looked
 * up by name among the channel's supported options, so no compile-time (or module) dependency on {@code jdk.net} is
 * needed; when they are missing, one WARNING per client says so and SO_KEEPALIVE alone is kept (kernel defaults).
 */
public final class TcpKeepAlive {
    private static final Logger LOG = Logger.getLogger(TcpKeepAlive.class.getName());
    static final String IDLE = "TCP_KEEPIDLE";
    static final String INTERVAL = "TCP_KEEPINTERVAL";
    static final String COUNT = "TCP_KEEPCOUNT";

    private final Set<String> warnedClients = ConcurrentHashMap.newKeySet();

    /**
     * Applies the client's settings, if it has any, to a connected socket (to the proxy when there is one: that is
     * the TCP connection this host holds). Never throws: a keepalive problem must not fail a connection.
     */
    void apply(ClientConfig config, Socket socket) {
        Optional<TcpKeepAliveConfig> settings = config.tcpKeepAlive();
        if (settings.isEmpty()) {
            return;
        }
        try {
            apply(config.name(), socket, settings.get());
        } catch (IOException | RuntimeException e) {
            warnOnce(config.name(), "TCP keepalive not applied: " + e);
        }
    }

    private void apply(String client, Socket channel, TcpKeepAliveConfig settings) throws IOException {
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        SocketOption<Integer> idle = extendedOption(channel, IDLE);
        SocketOption<Integer> interval = extendedOption(channel, INTERVAL);
        SocketOption<Integer> count = extendedOption(channel, COUNT);
        if (idle == null || interval == null || count == null) {
            warnOnce(client, "this platform or module setup offers no TCP_KEEPIDLE/TCP_KEEPINTERVAL/TCP_KEEPCOUNT "
                    + "(on WildFly add the jdk.net module, see README); SO_KEEPALIVE is on with the kernel's timing");
            return;
        }
        channel.setOption(idle, (int) settings.idle().toSeconds());
        channel.setOption(interval, (int) settings.interval().toSeconds());
        channel.setOption(count, settings.probes());
        LOG.log(Level.FINE, "[{0}] TCP keepalive on: idle {1}s, interval {2}s, probes {3}", new Object[]{client,
                settings.idle().toSeconds(), settings.interval().toSeconds(), settings.probes()});
    }

    /** The extended option of that name if the channel supports it. */
    @SuppressWarnings("unchecked")
    static SocketOption<Integer> extendedOption(Socket channel, String name) {
        for (SocketOption<?> option : channel.supportedOptions()) {
            if (option.name().equals(name) && option.type() == Integer.class) {
                return (SocketOption<Integer>) option;
            }
        }
        return null;
    }

    private void warnOnce(String client, String message) {
        if (warnedClients.add(client)) {
            LOG.log(Level.WARNING, "[{0}] {1}", new Object[]{client, message});
        }
    }
}
