package org.wsconnector.impl.config;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Platform proxy settings a test supplies, so that no test mutates the process environment or the JVM's properties.
 * The selector, when given, records the URIs it was asked about.
 */
final class FakePlatform implements PlatformProxySettings {
    final Map<String, String> environment = new HashMap<>();
    final Map<String, String> properties = new HashMap<>();
    final List<URI> selected = new ArrayList<>();
    private ProxySelector selector = ProxySelector.getDefault();

    FakePlatform env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    FakePlatform property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    /** An application's own selector, answering {@code answer} for every URI. */
    FakePlatform selector(List<Proxy> answer) {
        this.selector = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                selected.add(uri);
                return answer;
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        };
        return this;
    }

    @Override
    public Optional<String> environment(String name) {
        return Optional.ofNullable(environment.get(name));
    }

    @Override
    public Optional<String> systemProperty(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    @Override
    public ProxySelector selector() {
        return selector;
    }
}
