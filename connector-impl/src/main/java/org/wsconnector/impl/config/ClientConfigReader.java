package org.wsconnector.impl.config;

import org.wsconnector.ConfigProblem;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.PingConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.config.ReconnectPolicy;
import org.wsconnector.config.Secret;
import org.wsconnector.config.TcpKeepAliveConfig;
import org.wsconnector.config.TlsConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.wsconnector.ConfigProblemCode.INVALID_CLIENT_NAME;
import static org.wsconnector.ConfigProblemCode.MALFORMED_KEY;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.impl.config.ClientKeys.CLIENT_NAME;
import static org.wsconnector.impl.config.ClientKeys.PREFIX;

/**
 * Turns the flat {@code websocket.client.<name>.<key>=value} properties into one validated {@link ClientConfig}
 * per client, section by section ({@link ConnectionSection}, {@link UpgradeSection}, {@link ReconnectSection},
 * {@link TlsSection}, {@link ProxySection}, {@link PingSection}, {@link TcpKeepAliveSection}, {@link LimitsSection}).
 * Never stops at the first mistake: every problem of every client goes to {@link ConfigProblems}, and only clients
 * without problems get a config.
 */
public final class ClientConfigReader {
    /**
     * One client as read.
     *
     * @param config present when the client has no problem
     * @param tls    its TLS settings whenever there are any to check — even when the client has other problems, so
     *               that boot opens its stores and files and reports their problems too (see {@link TlsSection})
     */
    public record ClientReading(String name, Optional<ClientConfig> config, Optional<TlsConfig> tls) {
    }

    private ClientConfigReader() {
    }

    /**
     * Reads every client found in {@code properties} (full keys; others are ignored).
     *
     * @return the valid clients by name, in name order
     */
    public static Map<String, ClientConfig> read(Map<String, String> properties, ConfigProblems problems) {
        Map<String, ClientConfig> clients = new LinkedHashMap<>();
        readEach(properties, problems).forEach(client -> client.config().ifPresent(c -> clients.put(client.name(), c)));
        return clients;
    }

    /** Reads every client found in {@code properties}, valid or not, in name order. */
    public static List<ClientReading> readEach(Map<String, String> properties, ConfigProblems problems) {
        Map<String, Map<String, String>> byClient = new TreeMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = property.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            Optional<String> client = ClientKeys.clientOf(key);
            if (client.isEmpty()) {
                problems.add(new ConfigProblem(MALFORMED_KEY, Optional.empty(), Optional.of(key),
                        "key " + key + ": expected " + PREFIX + "<name>.<key>"));
                continue;
            }
            byClient.computeIfAbsent(client.get(), name -> new TreeMap<>())
                    .put(key.substring(PREFIX.length() + client.get().length() + 1), property.getValue());
        }
        List<ClientReading> clients = new ArrayList<>();
        byClient.forEach((name, values) -> {
            if (CLIENT_NAME.matcher(name).matches()) {
                clients.add(readClient(new ClientValues(name, values, problems)));
            } else {
                problems.add(new ConfigProblem(INVALID_CLIENT_NAME, Optional.of(name), Optional.empty(),
                        "client '" + name + "' (keys " + PREFIX + name + ".*): invalid client name; "
                                + "allowed: lower-case letters, digits and '-'"));
            }
        });
        return clients;
    }

    private static ClientReading readClient(ClientValues values) {
        reportUnknownKeys(values);
        ConnectionSection.Connection connection = ConnectionSection.read(values);
        UpgradeSection.Upgrade upgrade = UpgradeSection.read(values);
        ReconnectPolicy reconnect = ReconnectSection.read(values, connection.type());
        Optional<TlsConfig> tls = TlsSection.read(values, connection.uri());
        Optional<ProxyConfig> proxy = ProxySection.read(values);
        Optional<PingConfig> ping = PingSection.read(values);
        Optional<TcpKeepAliveConfig> tcpKeepAlive = TcpKeepAliveSection.read(values);
        LimitsSection.Limits limits = LimitsSection.read(values);
        if (values.failed() || connection.uri().isEmpty()) {
            return new ClientReading(values.client(), Optional.empty(), tls);
        }
        return new ClientReading(values.client(), Optional.of(new ClientConfig(values.client(), connection.uri().get(),
                connection.type(), upgrade.protocols(), upgrade.basicAuth(), upgrade.headers(),
                connection.connectionTimeout(), connection.closeTimeout(), reconnect, tls, proxy, ping, tcpKeepAlive,
                limits.maxMessageSize(), limits.writeTimeout(), limits.delivery())), tls);
    }

    private static void reportUnknownKeys(ClientValues values) {
        for (String key : values.keys()) {
            if (!ClientKeys.isKnown(key)) {
                Optional<String> suggestion = ClientKeys.suggestionFor(key);
                String hint = suggestion.map(known -> "unknown key; did you mean '" + known + "'?")
                        .orElse("unknown key");
                // A mistyped secret key (proxy.pasword) still holds a secret.
                boolean secret = suggestion.filter(ConfigProblems::isSecretKey).isPresent();
                values.invalid(UNKNOWN_KEY, key, secret ? Secret.MASK : values.raw(key), hint,
                        "the keys listed in the README's configuration reference");
            }
        }
    }
}
