package org.wsconnector.cdi;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A MicroProfile config source whose properties a test changes while the application runs, then reloads. */
final class ChangingConfigSource implements ConfigSource {
    private final Map<String, String> properties = new ConcurrentHashMap<>();

    ChangingConfigSource(Map<String, String> initial) {
        properties.putAll(initial);
    }

    /** Holds exactly {@code next} from now on. */
    void replaceWith(Map<String, String> next) {
        properties.keySet().retainAll(next.keySet());
        properties.putAll(next);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(properties.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "changing-test-source";
    }

    @Override
    public int getOrdinal() {
        return 500;
    }
}
