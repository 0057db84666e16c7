package org.wsconnector.impl.config;

import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigProblemCode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.wsconnector.ConfigProblemCode.INVALID_BOOLEAN;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.ConfigProblemCode.UNRESOLVABLE_VALUE;

/**
 * The connector-wide keys, under {@value #PREFIX}: settings of the connector as a whole rather than of one client.
 * Read and validated like a client's keys: a bad value or an unknown key is a problem of the boot (of no client),
 * and reading goes on with the default.
 */
public final class ConnectorKeys {
    public static final String PREFIX = "websocket.connector.";
    static final String JMX_ENABLED = "jmx.enabled";
    /** The cluster's keys, under this prefix too: {@link ClusterSection} reads and validates them. */
    static final String CLUSTER = "cluster.";
    private static final List<String> ALL = List.of(JMX_ENABLED);

    /**
     * The connector-wide settings as read.
     *
     * @param jmxEnabled whether the connector registers its status and control MXBeans ({@code jmx.enabled},
     *                   default true)
     */
    public record Settings(boolean jmxEnabled) {
        public static final Settings DEFAULTS = new Settings(true);
    }

    private ConnectorKeys() {
    }

    /**
     * The settings in {@code properties} (full keys; keys outside {@value #PREFIX} are ignored); each problem goes
     * to {@code problems}.
     *
     * @param unresolved raw values of keys whose expressions the configuration cannot resolve, by full key
     */
    public static Settings read(Map<String, String> properties, Map<String, String> unresolved,
                                ConfigProblems problems) {
        Map<String, String> values = underPrefix(properties);
        underPrefix(unresolved).forEach((key, raw) -> problems.add(problem(UNRESOLVABLE_VALUE, key,
                "value '" + ConfigProblems.shown(key, raw) + "': the configuration cannot resolve it (no such property"
                        + " or environment variable); allowed: define what it names, or give a literal value")));
        values.keySet().stream().filter(key -> !ALL.contains(key) && !key.startsWith(CLUSTER))
                .forEach(key -> problems.add(problem(UNKNOWN_KEY, key, "value '"
                        + ConfigProblems.shown(key, values.get(key)) + "': unknown key"
                        + suggestionFor(key).map(known -> "; did you mean '" + known + "'?").orElse("")
                        + "; allowed: " + String.join(", ", ALL))));
        return new Settings(bool(values, JMX_ENABLED, Settings.DEFAULTS.jmxEnabled(), problems));
    }

    private static boolean bool(Map<String, String> values, String key, boolean defaultValue,
                                ConfigProblems problems) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        problems.add(problem(INVALID_BOOLEAN, key, "value '" + ConfigProblems.shown(key, text)
                + "': not a boolean; allowed: true or false"));
        return defaultValue;
    }

    /** Keys relative to {@value #PREFIX}, of those under it. */
    private static Map<String, String> underPrefix(Map<String, String> properties) {
        Map<String, String> values = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                values.put(key.substring(PREFIX.length()), value);
            }
        });
        return values;
    }

    private static ConfigProblem problem(ConfigProblemCode code, String key, String text) {
        String fullKey = PREFIX + key;
        return new ConfigProblem(code, Optional.empty(), Optional.of(fullKey),
                "connector key " + SafeText.quote(fullKey) + ", " + text);
    }

    private static Optional<String> suggestionFor(String unknown) {
        return ALL.stream().filter(known -> EditDistance.between(unknown, known) <= Math.max(2, unknown.length() / 3))
                .findFirst();
    }
}
