package org.wsconnector.impl.proxy;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One named client ({@value #NAME}) on a {@link ConnectorUnderTest}, configured from plain keys, with every state
 * event and text message recorded together with the moment it arrived. I/O threads are named
 * {@code ws-connector-io-<n>} so leak checks can count them.
 */
final class ProxiedClient implements AutoCloseable {
    static final String NAME = "proxied";
    static final String IO_THREAD_PREFIX = ConnectorUnderTest.IO_THREAD_PREFIX;

    final ConnectorConfiguration configuration;
    final DefaultManagedWebSocket connection;
    final List<Recorded<ConnectionStateChanged>> events = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    private final ConnectorUnderTest underTest;
    private final long createdNanos = System.nanoTime();

    /** An event and when it arrived, in nanoseconds since the client was created. */
    record Recorded<T>(T value, long atNanos) {
        Duration sinceStart() {
            return Duration.ofNanos(atNanos);
        }
    }

    private ProxiedClient(Map<String, String> keys) {
        Map<String, String> properties = new LinkedHashMap<>();
        keys.forEach((key, value) -> properties.put("websocket.client." + NAME + "." + key, value));
        underTest = ConnectorUnderTest.withProperties(properties);
        configuration = underTest.configuration();
        connection = underTest.connection(NAME);
        connection.addListener(new WebSocketListener() {
            @Override
            public void onText(TextMessage message) {
                received.add(message.text());
            }

            @Override
            public void onStateChanged(ConnectionStateChanged change) {
                events.add(new Recorded<>(change, System.nanoTime() - createdNanos));
            }
        });
    }

    /** @param keys client keys without the {@code websocket.client.proxied.} prefix */
    static ProxiedClient configure(Map<String, String> keys) {
        return new ProxiedClient(keys);
    }

    /** Keys for a client of {@code uri} through the proxy at {@code proxyHostAndPort}, failing fast by default. */
    static Map<String, String> keys(String uri, String proxyHostAndPort) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("uri", uri);
        keys.put("proxy.host", proxyHostAndPort);
        keys.put("connection-timeout", "5s");
        keys.put("reconnect.attempts", "1");
        return keys;
    }

    /** Time since creation, for comparing with {@link Recorded#atNanos()}. */
    long nowNanos() {
        return System.nanoTime() - createdNanos;
    }

    /** The failures carried by the events, in order. */
    List<Recorded<WebSocketConnectorException>> failures() {
        return events.stream().filter(e -> e.value().cause().isPresent())
                .map(e -> new Recorded<>(e.value().cause().get(), e.atNanos())).toList();
    }

    /** Waits until the client reaches {@code state}, bounded. */
    void awaitState(ConnectionState state, Duration timeout) {
        await().atMost(timeout).until(() -> connection.state() == state);
    }

    /** Sends {@code text} and waits until the server echoed it. */
    void echo(String text) throws Exception {
        connection.sendText(text).toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains(text));
    }

    /** Closes the connector (each connection with 1001, bounded) and stops the scheduler. */
    @Override
    public void close() {
        underTest.close();
    }
}
