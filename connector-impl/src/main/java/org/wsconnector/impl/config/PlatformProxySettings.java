package org.wsconnector.impl.config;

import java.net.ProxySelector;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the platform says about proxies: the process environment ({@code HTTPS_PROXY}, {@code NO_PROXY}…), the JVM's
 * system properties ({@code https.proxyHost}…) and its default {@link ProxySelector}. Read only for clients that opt
 * in with {@code proxy.source}. An interface so that tests supply values without mutating the process or the JVM.
 */
public interface PlatformProxySettings {

    /** An environment variable, exactly as named (case matters on Linux). */
    Optional<String> environment(String name);

    /** A JVM system property. */
    Optional<String> systemProperty(String name);

    /** The JVM-wide proxy selector ({@link ProxySelector#getDefault()}). */
    ProxySelector selector();

    /** Whether {@link #selector()} is the JDK's own, which only applies the system properties read here anyway. */
    default boolean selectorIsTheJdks() {
        ProxySelector selector = selector();
        return selector == null || selector.getClass().getName().equals("sun.net.spi.DefaultProxySelector");
    }

    /** The settings of this process and JVM. */
    static PlatformProxySettings process() {
        return of(System::getenv, System::getProperty, ProxySelector::getDefault);
    }

    /** Settings read through these functions (null: not set); tests supply their own. */
    static PlatformProxySettings of(UnaryOperator<String> environment, UnaryOperator<String> properties,
                                    Supplier<ProxySelector> selector) {
        return new PlatformProxySettings() {
            @Override
            public Optional<String> environment(String name) {
                return Optional.ofNullable(environment.apply(name));
            }

            @Override
            public Optional<String> systemProperty(String name) {
                return Optional.ofNullable(properties.apply(name));
            }

            @Override
            public ProxySelector selector() {
                return selector.get();
            }
        };
    }
}
