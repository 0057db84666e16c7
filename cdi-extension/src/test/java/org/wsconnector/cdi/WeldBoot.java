package org.wsconnector.cdi;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.util.List;
import java.util.Map;

/** Boots Weld SE with an in-memory MicroProfile Config source holding exactly the given properties. */
final class WeldBoot implements AutoCloseable {
    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();
    private final WeldContainer container;
    private boolean closed;

    private WeldBoot(ConfigSource source, List<Extension> extensions, Class<?>... beans) {
        // The default interceptors expand ${...} expressions, as the config of an application server or of
        // ConfigProvider.getConfig() does.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(source)
                .build();
        ConfigProviderResolver.instance().registerConfig(config, loader);
        try {
            // Weld SE without discovery does not read META-INF/services; a real SE or EE boot does.
            Weld weld = new Weld().disableDiscovery().addBeanClasses(beans).addBeanClass(Placeholder.class)
                    .addExtension(new WebSocketConnectorExtension());
            extensions.forEach(weld::addExtension);
            container = weld.initialize();
        } catch (RuntimeException bootFailure) {
            ConfigProviderResolver.instance().releaseConfig(config);
            throw bootFailure;
        }
    }

    /** Weld SE refuses to boot an archive without any bean class. */
    @jakarta.enterprise.context.Dependent
    static class Placeholder {
    }

    static WeldBoot start(Map<String, String> properties, Class<?>... beans) {
        return new WeldBoot(fixed(properties), List.of(), beans);
    }

    /** With {@code source} as the only config source: a test may change what it holds, then reload. */
    static WeldBoot start(ConfigSource source, List<Extension> extensions, Class<?>... beans) {
        return new WeldBoot(source, extensions, beans);
    }

    private static ConfigSource fixed(Map<String, String> properties) {
        return new PropertiesConfigSource(properties, "test", 500);
    }

    /** As {@link #start(Map, Class[])}, with the portable extensions of other libraries (SmallRye Config's). */
    static WeldBoot start(Map<String, String> properties, List<Extension> extensions, Class<?>... beans) {
        return new WeldBoot(fixed(properties), extensions, beans);
    }

    WeldContainer container() {
        return container;
    }

    /** Idempotent, so that a test may close explicitly inside try-with-resources. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            container.shutdown();
        } finally {
            ConfigProviderResolver.instance().releaseConfig(ConfigProviderResolver.instance().getConfig(loader));
        }
    }
}
