package org.wsconnector.it.wildfly.reload;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A MicroProfile config source of the reload WAR (found through {@code META-INF/services}, as a server finds an
 * application's sources) that the test changes at runtime through {@link ReloadServlet}: it starts with
 * {@code reload-initial.properties} and holds whatever the test sets and removes since. Above the archive's
 * {@code microprofile-config.properties} (ordinal 100) and system properties (400).
 */
public class ChangeableConfigSource implements ConfigSource {
    private static final Map<String, String> PROPERTIES = initial();

    private static Map<String, String> initial() {
        Properties initial = new Properties();
        try (InputStream in = ChangeableConfigSource.class.getResourceAsStream("/reload-initial.properties")) {
            if (in != null) {
                initial.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new ConcurrentHashMap<>();
        initial.stringPropertyNames().forEach(key -> properties.put(key, initial.getProperty(key)));
        return properties;
    }

    static void set(String key, String value) {
        PROPERTIES.put(key, value);
    }

    /** Removes every key that starts with {@code prefix}: a whole client. */
    static void removeAll(String prefix) {
        PROPERTIES.keySet().removeIf(key -> key.startsWith(prefix));
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(PROPERTIES.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "reload-it-changeable";
    }

    @Override
    public int getOrdinal() {
        return 500;
    }
}
