package org.wsconnector.impl;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.TlsConfig;
import org.wsconnector.impl.config.ClientConfigReader;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.tls.TlsContextFactory;
import org.wsconnector.impl.tls.TlsSetupException;

import javax.net.ssl.SSLContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything the connector needs from configuration, validated at boot: the client configs and, for wss clients,
 * their TLS contexts (every store and PEM file read now, so a bad one fails deployment, not the first connect).
 */
public record ConnectorConfiguration(Map<String, ClientConfig> clients, Map<String, SSLContext> tlsContexts) {
    private static final Logger LOG = Logger.getLogger(ConnectorConfiguration.class.getName());

    public ConnectorConfiguration {
        clients = Map.copyOf(clients);
        tlsContexts = Map.copyOf(tlsContexts);
    }

    /**
     * Reads and validates every client in {@code properties}; problems go to {@code problems}, and only clients
     * without any are kept.
     */
    public static ConnectorConfiguration read(Map<String, String> properties, ConfigProblems problems) {
        Map<String, ClientConfig> valid = new LinkedHashMap<>();
        Map<String, SSLContext> contexts = new LinkedHashMap<>();
        ClientConfigReader.read(properties, problems).forEach((name, config) -> {
            if (config.tls().isEmpty()) {
                valid.put(name, config);
                return;
            }
            TlsConfig tls = config.tls().get();
            try {
                contexts.put(name, TlsContextFactory.create(tls));
                valid.put(name, config);
                if (!tls.verifyServerCert()) {
                    LOG.log(Level.WARNING, "[{0}] tls.verify-server-cert=false: the server''s certificate is NOT "
                            + "checked; anyone on the path can impersonate {1}. Use only for tests.",
                            new Object[]{name, config.uri().getHost()});
                } else if (!tls.verifyServerHostname()) {
                    LOG.log(Level.WARNING, "[{0}] tls.verify-server-hostname=false: any trusted certificate is "
                            + "accepted for {1}.", new Object[]{name, config.uri().getHost()});
                }
            } catch (TlsSetupException e) {
                problems.invalid(name, e.key(), e.value(), e.getMessage(), e.allowed());
            }
        });
        return new ConnectorConfiguration(valid, contexts);
    }
}
