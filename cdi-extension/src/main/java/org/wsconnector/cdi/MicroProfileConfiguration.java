package org.wsconnector.cdi;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.wsconnector.impl.ConfigurationSource;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.config.ClientKeys;
import org.wsconnector.impl.config.ConnectorKeys;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The connector's keys as MicroProfile Config gives them to one application: read at boot by the extension, and
 * again by each reload ({@link #source}).
 */
final class MicroProfileConfiguration {
    private MicroProfileConfiguration() {
    }

    /**
     * Where a reload reads the configuration again: the configuration of {@code application}'s class loader, the
     * one the boot read, whichever thread reloads (an operator's JMX call runs on a thread of the server's own, whose
     * context class loader is not the application's).
     */
    static ConfigurationSource source(ClassLoader application) {
        return () -> {
            dropCachedValues(ConfigProvider.getConfig(application));
            Map<String, String> unresolved = new TreeMap<>();
            Map<String, String> properties = readProperties(application, unresolved);
            return ConnectorConfiguration.readValid(properties, unresolved);
        };
    }

    /**
     * The resolved value of every connector key (of the clients and connector-wide); the raw value of each key whose
     * expression cannot be resolved goes to {@code unresolved}. SmallRye's {@code getOptionalValue} returns empty for
     * {@code ${CORP_PROXY}} with no such variable — read as "not set", that would boot the client without its proxy —
     * so the raw value is read as well.
     */
    static Map<String, String> readProperties(ClassLoader application, Map<String, String> unresolved) {
        Config config = ConfigProvider.getConfig(application);
        Map<String, String> properties = new TreeMap<>();
        for (String key : latestPropertyNames(config)) {
            if (!key.startsWith(ClientKeys.PREFIX) && !key.startsWith(ConnectorKeys.PREFIX)) {
                continue;
            }
            Optional<String> resolved;
            try {
                resolved = config.getOptionalValue(key, String.class);
            } catch (RuntimeException unresolvable) {
                resolved = Optional.empty(); // other versions throw NoSuchElementException for the same
            }
            if (resolved.isPresent()) {
                properties.put(key, resolved.get());
            } else {
                rawValue(config, key).filter(raw -> raw.contains("${")).ifPresent(raw -> unresolved.put(key, raw));
            }
        }
        return properties;
    }

    /**
     * The property names the sources hold now. SmallRye Config (WildFly's, and SE's here) caches
     * {@code getPropertyNames()} at its first call, so a reload would never see a client added since; its
     * {@code getLatestPropertyNames()} reads the sources again. Called by name: other implementations (Payara's) lack
     * it, and the connector does not depend on SmallRye.
     */
    @SuppressWarnings("unchecked")
    static Iterable<String> latestPropertyNames(Config config) {
        try {
            Method latest = config.getClass().getMethod("getLatestPropertyNames");
            return (Iterable<String>) latest.invoke(config);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notSmallRye) {
            return config.getPropertyNames();
        }
    }

    /**
     * Payara's Config keeps every value it resolved for a minute ({@code mp.config.cache.duration}, asadmin
     * {@code set-config-cache}): a reload within a minute of the boot read the boot's values, and changed nothing. Its
     * {@code clearCache()} drops them, so the reload reads the sources. Called by name, like
     * {@link #latestPropertyNames}: SmallRye's Config caches no values and has no such method.
     */
    static void dropCachedValues(Config config) {
        try {
            config.getClass().getMethod("clearCache").invoke(config);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notPayara) {
            // no value cache to drop
        }
    }

    /** The value as written in the config source that provides it, before any expression is expanded. */
    private static Optional<String> rawValue(Config config, String key) {
        try {
            ConfigValue value = config.getConfigValue(key);
            if (value.getRawValue() != null) {
                return Optional.of(value.getRawValue());
            }
        } catch (RuntimeException unresolvable) {
            // fall back to the sources themselves, highest ordinal first
        }
        for (ConfigSource source : config.getConfigSources()) {
            String raw = source.getValue(key);
            if (raw != null) {
                return Optional.of(raw);
            }
        }
        return Optional.empty();
    }

}
