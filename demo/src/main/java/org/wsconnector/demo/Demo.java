package org.wsconnector.demo;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import org.wsconnector.ConnectionState;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.cdi.WebSocketConnectorExtension;
import org.wsconnector.testbed.ConnectProxy;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The README's "run" command: everything embedded on loopback. A TLS echo server with a certificate generated now,
 * a CONNECT proxy demanding Basic auth, and a CDI SE application whose one client, configured only through
 * MicroProfile Config (system properties here), connects through the proxy, exchanges messages, reports its pings,
 * shows its status as an operator sees it in JMX, and is closed by the connector when the application stops.
 */
public final class Demo {
    private static final Instant START = Instant.now();
    private static final String PROXY_USER = "demo";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        try (var logging = Demo.class.getResourceAsStream("/logging.properties")) {
            java.util.logging.LogManager.getLogManager().readConfiguration(logging);
        }
        Path work = Files.createTempDirectory("ws-connector-demo");
        String storePassword = Long.toHexString(Double.doubleToLongBits(Math.random()));
        String proxyPassword = Long.toHexString(Double.doubleToLongBits(Math.random()));
        TestCertificates certificates = TestCertificates.generate(work, storePassword.toCharArray());
        try (EchoServer server = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates).start();
             ConnectProxy proxy = ConnectProxy.builder().requireBasicAuth(PROXY_USER, proxyPassword).start();
             FreezableRelay path = FreezableRelay.start(server.port());
             EchoServer ariServer = EchoServer.builder().start()) {
            String uri = "wss://localhost:" + path.port() + "/echo";
            say("echo server: " + server.uri("localhost") + " (TLS, certificate from a CA generated in " + work + ")");
            say("network path to it: a relay on port " + path.port() + " that the demo can freeze");
            say("proxy:       127.0.0.1:" + proxy.port() + " (HTTP CONNECT, Basic auth)");
            say("client 'echo': " + uri + " through the proxy, pings every 500ms, 3 probes");

            configure("uri", uri);
            configure("tls.ca-file", certificates.ca().pemFile().toString());
            configure("proxy.host", "127.0.0.1:" + proxy.port());
            configure("proxy.username", PROXY_USER);
            configure("proxy.password", proxyPassword);
            configure("ping.interval", "500ms");
            configure("ping.probes", "3");
            configure("reconnect.interval", "300ms");
            configure("connection-timeout", "5s");
            System.setProperty("websocket.client.ari.uri", ariServer.uri().toString());
            say("client 'ari': " + ariServer.uri() + ", an echo server playing Asterisk ARI");

            Set<String> threadsBefore = connectorThreads();
            SeContainer container = SeContainerInitializer.newInstance()
                    .disableDiscovery()
                    .addBeanClasses(DemoApplication.class, AriApplication.class)
                    .addExtensions(WebSocketConnectorExtension.class)
                    .initialize();
            DemoApplication application = container.select(DemoApplication.class).get();
            ManagedWebSocket echo = application.echo();
            echo.awaitOpen(Duration.ofSeconds(10));
            say("open through the proxy: " + proxy.accessLog());

            for (int i = 1; i <= 3; i++) {
                echo.sendText("hello #" + i).toCompletableFuture().get();
            }
            waitUntil(() -> application.received().size() == 3, "three echoes");
            waitUntil(() -> echo.lastPingRoundTrip().isPresent(), "a ping answered");
            for (int i = 0; i < 3; i++) {
                long before = echo.lastPingRoundTrip().map(Duration::toNanos).orElse(0L);
                waitUntil(() -> echo.lastPingRoundTrip().map(Duration::toNanos).orElse(0L) != before, "next ping");
                say(String.format("ping round trip: %.3f ms", echo.lastPingRoundTrip().orElseThrow().toNanos() / 1e6));
            }

            AriApplication ari = container.select(AriApplication.class).get();
            ari.ari().awaitOpen(Duration.ofSeconds(10));
            ari.ari().sendObject(new AriEvent.StasisStart("PJSIP/alice-0001")).toCompletableFuture().get();
            ari.ari().sendText("{\"type\":\"ChannelDtmfReceived\",\"channel\":\"PJSIP/alice-0001\",\"digit\":\"5\"}")
                    .toCompletableFuture().get();
            ari.ari().sendText("{\"type\":\"PlaybackStarted\"}").toCompletableFuture().get();
            waitUntil(() -> ari.events().size() == 2, "two typed ARI events");

            say("freezing the network path: the server can no longer answer, but no socket closes");
            path.freeze();
            long frozenAt = System.nanoTime();
            waitUntil(() -> echo.state() != ConnectionState.OPEN, "the dead peer to be detected");
            say(String.format("dead peer detected %d ms after the freeze (bound: 3 x 500ms .. 4 x 500ms)",
                    (System.nanoTime() - frozenAt) / 1_000_000));
            path.unfreeze();
            say("path restored: the connector reconnects by itself");
            echo.awaitOpen(Duration.ofSeconds(15));
            echo.sendText("after reconnect").toCompletableFuture().get();
            waitUntil(() -> application.received().contains("after reconnect"), "echo after reconnect");

            say("the proxy cuts the tunnel: the connector reconnects again");
            proxy.closeAllTunnels();
            waitUntil(() -> echo.state() != ConnectionState.OPEN, "the loss to be seen");
            echo.awaitOpen(Duration.ofSeconds(10));
            say("tunnels opened through the proxy so far: " + proxy.accessLog().size());
            OperatorView.print();

            say("stopping the application: every session gets a close frame (1001)");
            container.close();
            server.awaitClientClose(1001, Duration.ofSeconds(10));
            say("server recorded close code 1001 from the client");
            waitUntil(() -> connectorThreads().equals(threadsBefore), "connector threads to end");
            say("connector threads left: none. Done.");
        }
    }

    private static void configure(String key, String value) {
        System.setProperty("websocket.client.echo." + key, value);
    }

    static void say(String line) {
        System.out.printf("[%6d ms] %s%n", Duration.between(START, Instant.now()).toMillis(), line);
    }

    private static Set<String> connectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("ws-connector")).collect(Collectors.toSet());
    }

    /** Bounded polling: the demo must end by itself even when something goes wrong. */
    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("demo: gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
