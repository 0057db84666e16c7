package org.wsconnector.impl.config;

import org.wsconnector.ConfigProblem;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.PingConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.config.ReconnectPolicy;
import org.wsconnector.config.SendBufferConfig;
import org.wsconnector.config.TcpKeepAliveConfig;
import org.wsconnector.config.TlsConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import static org.wsconnector.ConfigProblemCode.INVALID_CLIENT_NAME;
import static org.wsconnector.ConfigProblemCode.MALFORMED_KEY;
import static org.wsconnector.ConfigProblemCode.UNEXPECTED_FAILURE;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.impl.config.ClientKeys.CLIENT_NAME;
import static org.wsconnector.impl.config.ClientKeys.PREFIX;

/**
 * Turns the flat {@code websocket.client.<name>.<key>=value} properties into one validated {@link ClientConfig}
 * per client, section by section ({@link ConnectionSection}, {@link UpgradeSection}, {@link ReconnectSection},
 * {@link TlsSection}, {@link ProxySection}, {@link PingSection}, {@link TcpKeepAliveSection}, {@link LimitsSection},
 * {@link SendBufferSection}, {@link HealthSection}).
 * Never stops at the first mistake: every problem of every client goes to {@link ConfigProblems}, and only clients
 * without problems get a config.
 */
public final class ClientConfigReader {
    /**
     * One client as read.
     *
     * @param config present when the client has no problem
     * @param route  how its proxy route was chosen, for the boot's INFO line (no secrets); empty when there is
     *               nothing to say (no proxy settings) or the client has problems
     * @param tls    its TLS settings whenever there are any to check — even when the client has other problems, so
     *               that boot opens its stores and files and reports their problems too (see {@link TlsSection})
     */
    public record ClientReading(String name, Optional<ClientConfig> config, Optional<TlsConfig> tls,
                                Optional<String> route) {
        public ClientReading(String name, Optional<ClientConfig> config, Optional<TlsConfig> tls) {
            this(name, config, tls, Optional.empty());
        }
    }

    private ClientConfigReader() {
    }

    /**
     * Reads every client found in {@code properties} (full keys; others are ignored).
     *
     * @return the valid clients by name, in name order
     */
    public static Map<String, ClientConfig> read(Map<String, String> properties, ConfigProblems problems) {
        return read(properties, Map.of(), problems);
    }

    /**
     * As {@link #read(Map, ConfigProblems)}, with the keys whose expressions the configuration cannot resolve.
     *
     * @param unresolved raw values (e.g. {@code ${CORP_PROXY}}) by full key
     */
    public static Map<String, ClientConfig> read(Map<String, String> properties, Map<String, String> unresolved,
                                                 ConfigProblems problems) {
        Map<String, ClientConfig> clients = new LinkedHashMap<>();
        readEach(properties, unresolved, problems)
                .forEach(client -> client.config().ifPresent(c -> clients.put(client.name(), c)));
        return clients;
    }

    /**
     * Reads every client found in {@code properties} and {@code unresolved}, valid or not, in name order. Never
     * throws for anything in them: each problem is reported, an unforeseen failure too ({@code UNEXPECTED_FAILURE}).
     *
     * @param unresolved raw values of the keys whose expressions the configuration cannot resolve, by full key: each
     *                   is a problem of its own, and its client gets no config
     */
    public static List<ClientReading> readEach(Map<String, String> properties, Map<String, String> unresolved,
                                               ConfigProblems problems) {
        return readEach(properties, unresolved, problems, PlatformProxySettings.process());
    }

    /**
     * As {@link #readEach(Map, Map, ConfigProblems)}, with the platform's proxy settings that clients with
     * {@code proxy.source=jvm|environment} read.
     */
    public static List<ClientReading> readEach(Map<String, String> properties, Map<String, String> unresolved,
                                               ConfigProblems problems, PlatformProxySettings platform) {
        Map<String, Map<String, String>> byClient = new TreeMap<>();
        Map<String, Map<String, String>> unresolvedByClient = new TreeMap<>();
        group(properties, byClient, problems);
        group(unresolved, unresolvedByClient, problems);
        Set<String> names = new TreeSet<>(byClient.keySet());
        names.addAll(unresolvedByClient.keySet());
        List<ClientReading> clients = new ArrayList<>();
        for (String name : names) {
            if (CLIENT_NAME.matcher(name).matches()) {
                ClientValues values = new ClientValues(name, byClient.getOrDefault(name, Map.of()),
                        unresolvedByClient.getOrDefault(name, Map.of()), problems);
                clients.add(guarded(values, read -> readSections(read, platform)));
            } else {
                problems.add(new ConfigProblem(INVALID_CLIENT_NAME, Optional.of(name), Optional.empty(),
                        "client '" + SafeText.quote(name) + "' (keys " + PREFIX + SafeText.quote(name)
                                + ".*): invalid client name; allowed: lower-case letters, digits and '-'"));
            }
        }
        return clients;
    }

    /** Reads every client found in {@code properties}, valid or not, in name order. */
    public static List<ClientReading> readEach(Map<String, String> properties, ConfigProblems problems) {
        return readEach(properties, Map.of(), problems);
    }

    /** Sorts full keys under the prefix into their clients (keys relative to the client's prefix). */
    private static void group(Map<String, String> properties, Map<String, Map<String, String>> byClient,
                              ConfigProblems problems) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = property.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            Optional<String> client = ClientKeys.clientOf(key);
            if (client.isEmpty()) {
                problems.add(new ConfigProblem(MALFORMED_KEY, Optional.empty(), Optional.of(key),
                        "key " + SafeText.quote(key) + ": expected " + PREFIX + "<name>.<key>"));
                continue;
            }
            byClient.computeIfAbsent(client.get(), name -> new TreeMap<>())
                    .put(key.substring(PREFIX.length() + client.get().length() + 1), property.getValue());
        }
    }

    /** {@code reading} of {@code values}; an exception it throws becomes a problem naming the key it was reading. */
    static ClientReading guarded(ClientValues values, Function<ClientValues, ClientReading> reading) {
        try {
            return reading.apply(values);
        } catch (RuntimeException unforeseen) {
            // A defect of ours must not hide the boot's other problems behind an exception.
            String key = values.lastKeyRead().orElse(ClientKeys.URI);
            values.invalid(UNEXPECTED_FAILURE, key, values.raw(key), "reading it failed unexpectedly ("
                    + unforeseen.getClass().getSimpleName() + ")", "a value as the README's configuration "
                    + "reference describes; please report this failure to the connector's maintainers");
            return new ClientReading(values.client(), Optional.empty(), Optional.empty());
        }
    }

    private static ClientReading readSections(ClientValues values, PlatformProxySettings platform) {
        values.reportUnresolved();
        reportUnknownKeys(values);
        ConnectionSection.Connection connection = ConnectionSection.read(values);
        UpgradeSection.Upgrade upgrade = UpgradeSection.read(values);
        ReconnectPolicy reconnect = ReconnectSection.read(values, connection.type());
        Optional<TlsConfig> tls = TlsSection.read(values, connection.uri());
        ProxySection.Route route = ProxySection.read(values, connection.uri(), platform);
        Optional<ProxyConfig> proxy = KerberosSection.attach(values, route.proxy());
        Optional<PingConfig> ping = PingSection.read(values);
        Optional<TcpKeepAliveConfig> tcpKeepAlive = TcpKeepAliveSection.read(values);
        LimitsSection.Limits limits = LimitsSection.read(values);
        Optional<SendBufferConfig> sendBuffer = SendBufferSection.read(values);
        boolean healthReadiness = HealthSection.readiness(values, connection.type());
        if (values.failed() || connection.uri().isEmpty()) {
            return new ClientReading(values.client(), Optional.empty(), tls);
        }
        return new ClientReading(values.client(), Optional.of(new ClientConfig(values.client(), connection.uri().get(),
                connection.type(), upgrade.protocols(), upgrade.basicAuth(), upgrade.headers(),
                connection.connectionTimeout(), connection.closeTimeout(), reconnect, tls, proxy, ping, tcpKeepAlive,
                limits.maxMessageSize(), limits.writeTimeout(), limits.delivery(), sendBuffer,
                healthReadiness)), tls, route.decision());
    }

    private static void reportUnknownKeys(ClientValues values) {
        for (String key : values.keys()) {
            if (!ClientKeys.isKnown(key)) {
                Optional<String> suggestion = ClientKeys.suggestionFor(key);
                String hint = suggestion.map(known -> "unknown key; did you mean '" + known + "'?")
                        .orElse("unknown key");
                // Shown masked when the key resembles a secret one (ConfigProblems): proxy.pasword holds a password.
                values.invalid(UNKNOWN_KEY, key, values.raw(key), hint,
                        "the keys listed in the README's configuration reference");
            }
        }
    }
}
