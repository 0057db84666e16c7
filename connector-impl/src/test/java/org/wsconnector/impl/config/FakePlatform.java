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

/**
 * Platform proxy settings a test supplies, so that no test mutates the process environment or the JVM's properties.
 * The selector, when given, records the URIs it was asked about.
 */
final class FakePlatform {
    final Map<String, String> environment = new HashMap<>();
    final Map<String, String> properties = new HashMap<>();
    final List<URI> selected = new ArrayList<>();
    private ProxySelector selector = ProxySelector.getDefault();
    /** What the reader is given: reads the maps and the selector as they are at each call. */
    final PlatformProxySettings settings = PlatformProxySettings.of(environment::get, properties::get,
            () -> selector);

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
                // nothing to learn from: the test looks at what was selected
            }
        };
        return this;
    }
}
