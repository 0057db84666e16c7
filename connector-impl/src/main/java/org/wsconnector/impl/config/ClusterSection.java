package org.wsconnector.impl.config;

import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigProblemCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.wsconnector.ConfigProblemCode.INVALID_NUMBER;
import static org.wsconnector.ConfigProblemCode.INVALID_PROXY_ADDRESS;
import static org.wsconnector.ConfigProblemCode.INVALID_TOKEN;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_VALUE;

/**
 * Reads {@link ClusterSettings}: each client's {@code cluster.ownership} and the connector-wide
 * {@code websocket.connector.cluster.*} keys, every value validated; a bad value is a problem and its key keeps its
 * default.
 */
public final class ClusterSection {
    public static final String EVERY_MEMBER = "every-member";
    public static final String ONE_MEMBER = "one-member";
    static final String NAME = "name";
    static final String MEMBER_NAME = "member-name";
    static final String BIND_ADDRESS = "bind-address";
    static final String BIND_PORT = "bind-port";
    static final String INITIAL_HOSTS = "initial-hosts";
    static final String QUORUM = "quorum";
    /**
     * JGroups' FD_SOCK2 listens on the four ports from bind-port + 100 (its offset 100 and port_range 3): a higher
     * bind-port would fail only at the join, with JGroups' own error, instead of at boot naming the key.
     */
    static final int MAX_BIND_PORT = 65535 - 103;
    static final List<String> KEYS = List.of(NAME, MEMBER_NAME, BIND_ADDRESS, BIND_PORT, INITIAL_HOSTS, QUORUM);
    /** Names that JGroups and the logs take as they are: no spaces, quotes or markup. */
    private static final Pattern NAME_TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");
    private static final int MAX_QUORUM = 1000;

    private ClusterSection() {
    }

    /** Reads the settings from {@code properties} (full keys; keys of neither kind are ignored). */
    public static ClusterSettings read(Map<String, String> properties, ConfigProblems problems) {
        Set<String> oneMember = new TreeSet<>();
        properties.forEach((key, value) -> {
            Optional<String> client = ClientKeys.clientOf(key);
            if (client.isEmpty() || !key.equals(ClientKeys.fullKey(client.get(), ClientKeys.CLUSTER_OWNERSHIP))) {
                return;
            }
            String ownership = value.trim().toLowerCase(Locale.ROOT);
            if (ownership.equals(ONE_MEMBER)) {
                oneMember.add(client.get());
            } else if (!ownership.equals(EVERY_MEMBER)) {
                problems.invalid(UNKNOWN_VALUE, client.get(), ClientKeys.CLUSTER_OWNERSHIP, value,
                        "not an ownership", EVERY_MEMBER + ", " + ONE_MEMBER);
            }
        });
        ClusterSettings none = ClusterSettings.none();
        properties.keySet().stream().filter(key -> key.startsWith(ClusterSettings.PREFIX))
                .filter(key -> !KEYS.contains(key.substring(ClusterSettings.PREFIX.length())))
                .forEach(key -> problem(problems, UNKNOWN_KEY, key, "unknown cluster key; known: "
                        + String.join(", ", KEYS)));
        String name = token(properties, NAME, none.name(), problems);
        Optional<String> member = Optional.ofNullable(properties.get(ClusterSettings.PREFIX + MEMBER_NAME))
                .map(raw -> token(properties, MEMBER_NAME, null, problems));
        String bind = host(properties, problems).orElse(none.bindAddress());
        int port = number(properties, BIND_PORT, none.bindPort(), 1, MAX_BIND_PORT, problems);
        List<ClusterSettings.HostPort> hosts = initialHosts(properties, bind, port, problems);
        int quorum = number(properties, QUORUM, none.quorum(), 1, MAX_QUORUM, problems);
        return new ClusterSettings(oneMember, name, member, bind, port, hosts, quorum);
    }

    private static String token(Map<String, String> properties, String key, String fallback,
                                ConfigProblems problems) {
        String raw = properties.get(ClusterSettings.PREFIX + key);
        if (raw == null) {
            return fallback;
        }
        if (!NAME_TOKEN.matcher(raw.trim()).matches()) {
            invalid(problems, INVALID_TOKEN, key, raw, "1 to 64 letters, digits, '.', '_' or '-'");
            return fallback;
        }
        return raw.trim();
    }

    private static Optional<String> host(Map<String, String> properties, ConfigProblems problems) {
        String raw = properties.get(ClusterSettings.PREFIX + BIND_ADDRESS);
        if (raw == null) {
            return Optional.empty();
        }
        if (!HOST.matcher(raw.trim()).matches()) {
            invalid(problems, INVALID_TOKEN, BIND_ADDRESS, raw, "a host name or an IP address");
            return Optional.empty();
        }
        return Optional.of(raw.trim());
    }

    private static int number(Map<String, String> properties, String key, int fallback, int min, int max,
                              ConfigProblems problems) {
        String raw = properties.get(ClusterSettings.PREFIX + key);
        if (raw == null) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException notANumber) {
            invalid(problems, INVALID_NUMBER, key, raw, "a whole number " + min + ".." + max);
            return fallback;
        }
        if (value < min || value > max) {
            invalid(problems, OUT_OF_RANGE, key, raw, min + ".." + max);
            return fallback;
        }
        return value;
    }

    /** {@code host:port} separated by commas; by default this member's own address, a cluster of one to start. */
    private static List<ClusterSettings.HostPort> initialHosts(Map<String, String> properties, String bind, int port,
                                                               ConfigProblems problems) {
        String raw = properties.get(ClusterSettings.PREFIX + INITIAL_HOSTS);
        List<ClusterSettings.HostPort> hosts = new ArrayList<>();
        if (raw != null) {
            for (String entry : raw.split(",", -1)) {
                Optional<ClusterSettings.HostPort> parsed = hostPort(entry.trim());
                if (parsed.isEmpty()) {
                    invalid(problems, INVALID_PROXY_ADDRESS, INITIAL_HOSTS, raw,
                            "host:port entries separated by commas, e.g. 10.0.0.1:7800,10.0.0.2:7800");
                    hosts.clear();
                    break;
                }
                hosts.add(parsed.get());
            }
        }
        if (hosts.isEmpty()) {
            hosts.add(new ClusterSettings.HostPort(bind, port));
        }
        return hosts;
    }

    private static Optional<ClusterSettings.HostPort> hostPort(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || !HOST.matcher(entry.substring(0, colon)).matches()) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(entry.substring(colon + 1));
            return port >= 1 && port <= 65535 ? Optional.of(new ClusterSettings.HostPort(entry.substring(0, colon),
                    port)) : Optional.empty();
        } catch (NumberFormatException notAPort) {
            return Optional.empty();
        }
    }

    private static void invalid(ConfigProblems problems, ConfigProblemCode code, String key, String value,
                                String allowed) {
        problem(problems, code, ClusterSettings.PREFIX + key, "value '" + SafeText.escape(value)
                + "' is not valid; allowed: " + allowed);
    }

    private static void problem(ConfigProblems problems, ConfigProblemCode code, String fullKey, String reason) {
        problems.add(new ConfigProblem(code, Optional.empty(), Optional.of(fullKey),
                "key " + SafeText.quote(fullKey) + ": " + reason));
    }
}
