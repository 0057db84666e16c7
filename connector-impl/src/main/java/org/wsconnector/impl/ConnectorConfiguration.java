package org.wsconnector.impl;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.config.TlsConfig;
import org.wsconnector.impl.config.ClientConfigReader;
import org.wsconnector.impl.config.ClientConfigReader.ClientReading;
import org.wsconnector.impl.config.ClusterSection;
import org.wsconnector.impl.config.ClusterSettings;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.config.ConnectorKeys;
import org.wsconnector.impl.config.PlatformProxySettings;
import org.wsconnector.impl.tls.TlsContextFactory;

import javax.net.ssl.SSLContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.wsconnector.ConfigProblemCode.UNEXPECTED_FAILURE;

/**
 * Everything the connector needs from configuration, validated at boot: the client configs, for wss clients their
 * TLS contexts (every store and PEM file read now, so a bad one fails deployment, not the first connect), and the
 * connector-wide settings ({@code websocket.connector.*}), and the cluster's ({@code cluster.ownership} per client
 * and {@code websocket.connector.cluster.*}).
 */
public record ConnectorConfiguration(Map<String, ClientConfig> clients, Map<String, SSLContext> tlsContexts,
                                     Map<String, SSLContext> proxyTlsContexts, ConnectorKeys.Settings settings,
                                     ClusterSettings cluster) {
    private static final Logger LOG = Logger.getLogger(ConnectorConfiguration.class.getName());

    public ConnectorConfiguration {
        clients = Map.copyOf(clients);
        tlsContexts = Map.copyOf(tlsContexts);
        proxyTlsContexts = Map.copyOf(proxyTlsContexts);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** Without a cluster: every client on every member. */
    public ConnectorConfiguration(Map<String, ClientConfig> clients, Map<String, SSLContext> tlsContexts,
                                  Map<String, SSLContext> proxyTlsContexts, ConnectorKeys.Settings settings) {
        this(clients, tlsContexts, proxyTlsContexts, settings, ClusterSettings.none());
    }

    /** Without HTTPS proxies, with the default connector-wide settings: a configuration built in code. */
    public ConnectorConfiguration(Map<String, ClientConfig> clients, Map<String, SSLContext> tlsContexts) {
        this(clients, tlsContexts, Map.of(), ConnectorKeys.Settings.DEFAULTS);
    }

    /** With the default connector-wide settings. */
    public ConnectorConfiguration(Map<String, ClientConfig> clients, Map<String, SSLContext> tlsContexts,
                                  Map<String, SSLContext> proxyTlsContexts) {
        this(clients, tlsContexts, proxyTlsContexts, ConnectorKeys.Settings.DEFAULTS);
    }

    /**
     * Reads and validates every client in {@code properties}, and the connector-wide keys; problems go to
     * {@code problems}, and only clients without any are kept. The TLS material of a client is opened even when the
     * client has other problems, so that one boot reports the problems of its values and of its stores and files
     * together.
     */
    public static ConnectorConfiguration read(Map<String, String> properties, ConfigProblems problems) {
        return read(properties, Map.of(), problems);
    }

    /**
     * As {@link #read(Map, ConfigProblems)}, with the keys whose expressions the configuration cannot resolve (raw
     * values by full key): each is a problem, never a missing key.
     */
    public static ConnectorConfiguration read(Map<String, String> properties, Map<String, String> unresolved,
                                              ConfigProblems problems) {
        return read(properties, unresolved, problems, PlatformProxySettings.process());
    }

    /**
     * As {@link #read(Map, Map, ConfigProblems)}, with the platform's proxy settings that clients with
     * {@code proxy.source=jvm|environment} take their proxy from. Logs, once per client, how its route was chosen.
     */
    public static ConnectorConfiguration read(Map<String, String> properties, Map<String, String> unresolved,
                                              ConfigProblems problems, PlatformProxySettings platform) {
        Map<String, ClientConfig> valid = new LinkedHashMap<>();
        Map<String, SSLContext> contexts = new LinkedHashMap<>();
        Map<String, SSLContext> proxyContexts = new LinkedHashMap<>();
        for (ClientReading client : ClientConfigReader.readEach(properties, unresolved, problems, platform)) {
            Optional<SSLContext> context = client.tls().flatMap(tls -> tlsContext(client.name(), "", tls, problems));
            boolean tlsFailed = client.tls().isPresent() && context.isEmpty();
            Optional<TlsConfig> proxyTls = client.config().flatMap(ClientConfig::proxy).flatMap(ProxyConfig::tls);
            Optional<SSLContext> proxyContext = proxyTls.flatMap(tls -> tlsContext(client.name(), "proxy.", tls,
                    problems));
            if (client.config().isEmpty() || tlsFailed || proxyTls.isPresent() && proxyContext.isEmpty()) {
                continue;
            }
            ClientConfig config = client.config().get();
            valid.put(client.name(), config);
            context.ifPresent(tlsContext -> {
                contexts.put(client.name(), tlsContext);
                warnIfUnverified(config, client.tls().get());
            });
            proxyContext.ifPresent(tlsContext -> proxyContexts.put(client.name(), tlsContext));
            client.route().ifPresent(route -> LOG.log(Level.INFO, "[{0}] proxy route: {1}",
                    new Object[]{client.name(), route}));
        }
        return new ConnectorConfiguration(valid, contexts, proxyContexts,
                ConnectorKeys.read(properties, unresolved, problems), ClusterSection.read(properties, problems));
    }

    /**
     * As {@link #read(Map, Map, ConfigProblems)}, for a configuration that must be valid as a whole (a reload): throws
     * one {@link org.wsconnector.ConfigurationException} listing every problem, if there is any.
     */
    public static ConnectorConfiguration readValid(Map<String, String> properties, Map<String, String> unresolved) {
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = read(properties, unresolved, problems);
        problems.throwIfAny();
        return configuration;
    }

    /** @param keyPrefix "proxy." for the hop to an HTTPS proxy, whose keys are proxy.tls.* */
    private static Optional<SSLContext> tlsContext(String client, String keyPrefix, TlsConfig tls,
                                                   ConfigProblems problems) {
        try {
            return TlsContextFactory.create(tls, failure -> problems.invalid(failure.code(), client,
                    keyPrefix + failure.key(), failure.value(), failure.getMessage(), failure.allowed()));
        } catch (RuntimeException unforeseen) {
            // A defect of ours must not hide the boot's other problems behind an exception.
            problems.problem(UNEXPECTED_FAILURE, client, keyPrefix + "tls.*",
                    "opening the TLS material failed unexpectedly ("
                    + unforeseen.getClass().getSimpleName() + "); please report this failure to the connector's "
                    + "maintainers");
            return Optional.empty();
        }
    }

    private static void warnIfUnverified(ClientConfig config, TlsConfig tls) {
        if (!tls.verifyServerCert()) {
            LOG.log(Level.WARNING, "[{0}] tls.verify-server-cert=false: the server''s certificate is NOT "
                    + "checked; anyone on the path can impersonate {1}. Use only for tests.",
                    new Object[]{config.name(), config.uri().getHost()});
        } else if (!tls.verifyServerHostname()) {
            LOG.log(Level.WARNING, "[{0}] tls.verify-server-hostname=false: any trusted certificate is "
                    + "accepted for {1}.", new Object[]{config.name(), config.uri().getHost()});
        }
    }
}
