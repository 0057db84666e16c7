package org.wsconnector.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The validated, immutable configuration of one named client ({@code websocket.client.<name>.*}).
 * Features that are off by default are {@link Optional}. {@code toString()} masks every secret.
 *
 * @param connectionTimeout bounds one whole attempt: TCP connect, proxy CONNECT, TLS and upgrade (10s)
 * @param closeTimeout      how long a close waits for the peer's close frame before aborting (5s)
 * @param tls               present for wss:// URIs
 * @param maxMessageSize    largest incoming message in bytes; a larger one closes the connection with 1009 (16 MiB)
 * @param writeTimeout      how long queued outbound bytes may make no progress before the connection is aborted (30s)
 * @param delivery          how much a connection may hold for slow application callbacks before reading pauses
 * @param sendBuffer        present when sends made while reconnecting are held for the next open (off by default)
 * @param healthReadiness   whether a MicroProfile Health readiness check reports this client, where the Health API is
 *                          present ({@code health.readiness}; true for persistent clients, false for on-demand ones)
 */
public record ClientConfig(String name, URI uri, ConnectionType connectionType, List<String> protocols,
                           Optional<Credentials> basicAuth, Map<String, String> headers,
                           Duration connectionTimeout, Duration closeTimeout, ReconnectPolicy reconnect,
                           Optional<TlsConfig> tls, Optional<ProxyConfig> proxy, Optional<PingConfig> ping,
                           Optional<TcpKeepAliveConfig> tcpKeepAlive, int maxMessageSize, Duration writeTimeout,
                           DeliveryLimits delivery, Optional<SendBufferConfig> sendBuffer,
                           boolean healthReadiness) {

    public ClientConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(connectionType, "connectionType");
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(basicAuth, "basicAuth");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(reconnect, "reconnect");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(ping, "ping");
        Objects.requireNonNull(tcpKeepAlive, "tcpKeepAlive");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(sendBuffer, "sendBuffer");
    }

    /** As the canonical constructor, with {@code health.readiness}'s default: on for persistent clients only. */
    public ClientConfig(String name, URI uri, ConnectionType connectionType, List<String> protocols,
                        Optional<Credentials> basicAuth, Map<String, String> headers, Duration connectionTimeout,
                        Duration closeTimeout, ReconnectPolicy reconnect, Optional<TlsConfig> tls,
                        Optional<ProxyConfig> proxy, Optional<PingConfig> ping,
                        Optional<TcpKeepAliveConfig> tcpKeepAlive, int maxMessageSize, Duration writeTimeout,
                        DeliveryLimits delivery, Optional<SendBufferConfig> sendBuffer) {
        this(name, uri, connectionType, protocols, basicAuth, headers, connectionTimeout, closeTimeout, reconnect, tls,
                proxy, ping, tcpKeepAlive, maxMessageSize, writeTimeout, delivery, sendBuffer,
                connectionType == ConnectionType.PERSISTENT);
    }

    /** True for wss:// URIs. */
    public boolean secure() {
        return "wss".equalsIgnoreCase(uri.getScheme());
    }

    /** The port of the URI, or the scheme's default (443 for wss, 80 for ws). */
    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : secure() ? 443 : 80;
    }

    /**
     * This configuration without a way to read its secrets, for code that may see the configuration but not the
     * credentials (what {@code ManagedWebSocket.config()} returns): every {@link Secret} is {@link Secret#withheld()},
     * every header value is {@value Secret#MASK} (headers often carry tokens), and so is the value of every URI
     * query parameter named like a credential ({@link Secret#maskQueryValues}). Everything else is kept.
     */
    public ClientConfig withoutSecrets() {
        Map<String, String> maskedHeaders = headers.keySet().stream()
                .collect(Collectors.toMap(header -> header, header -> Secret.MASK));
        return new ClientConfig(name, URI.create(Secret.maskQueryValues(uri.toString())), connectionType, protocols,
                basicAuth.map(ClientConfig::withheld), maskedHeaders, connectionTimeout, closeTimeout, reconnect,
                tls.map(ClientConfig::withheld), proxy.map(p -> p.withCredentials(p.credentials()
                .map(ClientConfig::withheld)).withTls(p.tls().map(ClientConfig::withheld))),
                ping, tcpKeepAlive, maxMessageSize, writeTimeout,
                delivery, sendBuffer, healthReadiness);
    }

    private static Credentials withheld(Credentials credentials) {
        return new Credentials(credentials.username(), Secret.withheld());
    }

    private static TlsConfig withheld(TlsConfig tls) {
        return new TlsConfig(tls.trustStore().map(ClientConfig::withheld), tls.caFile(),
                tls.keyStore().map(ClientConfig::withheld), tls.certFile(), tls.keyFile(), tls.verifyServerCert(),
                tls.verifyServerHostname(), tls.protocols());
    }

    private static StoreFile withheld(StoreFile store) {
        return new StoreFile(store.path(), Secret.withheld(), store.type());
    }

    /** Header values are shown only by name: they often carry tokens; so may query parameters (masked by name). */
    @Override
    public String toString() {
        String headerNames = new TreeMap<>(headers).keySet().stream().collect(Collectors.joining(", ", "[", "]"));
        return "ClientConfig[name=" + name + ", uri=" + uriWithoutUserInfo() + ", connectionType="
                + connectionType.configValue() + ", protocols=" + protocols + ", basicAuth=" + basicAuth
                + ", headers=" + headerNames + ", connectionTimeout=" + connectionTimeout + ", closeTimeout="
                + closeTimeout + ", reconnect=" + reconnect + ", tls=" + tls + ", proxy=" + proxy + ", ping="
                + ping + ", tcpKeepAlive=" + tcpKeepAlive + ", maxMessageSize=" + maxMessageSize + ", writeTimeout="
                + writeTimeout + ", delivery=" + delivery + ", sendBuffer=" + sendBuffer + ", healthReadiness="
                + healthReadiness + "]";
    }

    /**
     * The URI as it may be shown to operators (status, health data, logs): user info replaced by
     * {@value Secret#MASK}, and the values of query parameters named like credentials masked
     * ({@link Secret#maskQueryValues}).
     */
    public String uriWithoutUserInfo() {
        String shown = uri.getRawUserInfo() == null ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", Secret.MASK + "@");
        return Secret.maskQueryValues(shown);
    }
}
