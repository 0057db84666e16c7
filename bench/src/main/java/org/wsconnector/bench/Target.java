package org.wsconnector.bench;

import java.net.InetSocketAddress;
import java.net.URI;

import javax.net.ssl.SSLContext;

/**
 * Where a driver connects and how: the echo URI ({@code ws://}, {@code wss://}, or {@code tcp://} for the plain-socket
 * floor), the trust material for wss (a CA PEM file for the connector's configuration, an {@link SSLContext} trusting
 * the same CA for every other client), and an optional forward HTTP proxy that every client must tunnel through with
 * CONNECT.
 */
record Target(URI uri, String caPemFile, SSLContext sslContext, InetSocketAddress proxy) {

    boolean tls() {
        return "wss".equals(uri.getScheme());
    }

    boolean proxied() {
        return proxy != null;
    }
}
