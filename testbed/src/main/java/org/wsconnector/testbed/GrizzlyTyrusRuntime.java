package org.wsconnector.testbed;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.net.ssl.SSLContext;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.core.monitoring.ApplicationEventListener;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * One run of the echo server: a Grizzly {@link HttpServer} carrying Tyrus' WebSocket filter, in the form that
 * upgrades a connection only once ({@link OneUpgradePerConnectionFilter}).
 *
 * <p>Built by hand instead of through Tyrus' {@code GrizzlyServerContainer} because that container binds
 * {@code 0.0.0.0}, cannot do TLS and names its threads after Grizzly. Here the listener binds only
 * {@code 127.0.0.1}, TLS comes from a Grizzly {@link SSLEngineConfigurator}, and every thread is a daemon
 * named {@code testbed-echo-...}. A run cannot be restarted; {@link EchoServer} makes a new one.
 */
final class GrizzlyTyrusRuntime implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final HttpServer httpServer;
    private final NetworkListener listener;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;

    private GrizzlyTyrusRuntime(HttpServer httpServer, NetworkListener listener, ExecutorService executor,
                                ScheduledExecutorService scheduler) {
        this.httpServer = httpServer;
        this.listener = listener;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /**
     * @param beforeWebSocket add-ons that put their filters right before the WebSocket filter, where they see what
     *                        it would see (tests delay reads there); usually none
     */
    static GrizzlyTyrusRuntime start(int port, EchoServerSettings settings, ServerEndpointConfig endpointConfig,
                                     ApplicationEventListener eventListener, List<AddOn> beforeWebSocket)
            throws IOException {
        ExecutorService executor = Executors.newCachedThreadPool(TestbedThreads.factory("echo-tyrus"));
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(TestbedThreads.factory("echo-tyrus-timer"));
        TyrusServerContainer container = container(eventListener, executor, scheduler);
        try {
            container.register(endpointConfig);
        } catch (DeploymentException e) {
            executor.shutdownNow();
            scheduler.shutdownNow();
            throw new IllegalStateException("cannot deploy echo endpoint " + endpointConfig.getPath(), e);
        }

        NetworkListener listener = new NetworkListener("testbed-echo", HOST, port);
        listener.setTransport(TCPNIOTransportBuilder.newInstance()
                .setIOStrategy(WorkerThreadIOStrategy.getInstance())
                .setReuseAddress(true)
                .setSelectorRunnersCount(1)
                .setSelectorThreadPoolConfig(pool("testbed-echo-selector", 1, 1))
                .setWorkerThreadPoolConfig(pool("testbed-echo-worker", 2, 16))
                .build());
        // WebSocket connections live as long as the test wants; no HTTP keep-alive timeout may cut them.
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        settings.tls().ifPresent(tls -> {
            listener.setSecure(true);
            listener.setSSLEngineConfig(sslEngineConfigurator(tls));
        });
        beforeWebSocket.forEach(listener::registerAddOn);
        listener.registerAddOn(OneUpgradePerConnectionFilter.addOn(container, ""));

        HttpServer httpServer = new HttpServer();
        // Names the server's auxiliary timer thread, which would otherwise be "HttpServer-N-M".
        httpServer.getServerConfiguration().setName("testbed-echo-http");
        httpServer.addListener(listener);
        try {
            httpServer.start();
        } catch (IOException | RuntimeException e) {
            httpServer.shutdownNow();
            executor.shutdownNow();
            scheduler.shutdownNow();
            throw e;
        }
        return new GrizzlyTyrusRuntime(httpServer, listener, executor, scheduler);
    }

    int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        httpServer.shutdownNow();
        executor.shutdownNow();
        scheduler.shutdownNow();
    }

    private static ThreadPoolConfig pool(String name, int core, int max) {
        return ThreadPoolConfig.defaultConfig().copy()
                .setPoolName(name)
                .setDaemon(true)
                .setCorePoolSize(core)
                .setMaxPoolSize(max);
    }

    private static SSLEngineConfigurator sslEngineConfigurator(EchoServerSettings.Tls tls) {
        SSLContext context = SslContexts.create(SslContexts.keyManagers(tls.keyStore(), tls.password()),
                tls.clientTrustStore().map(trust -> SslContexts.trustManagers(trust, tls.password())).orElse(null));
        boolean needClientAuth = tls.clientTrustStore().isPresent();
        SSLEngineConfigurator configurator = new SSLEngineConfigurator(context, false, needClientAuth, false);
        tls.protocol().ifPresent(protocol -> configurator.setEnabledProtocols(new String[] {protocol}));
        return configurator;
    }

    private static TyrusServerContainer container(ApplicationEventListener eventListener, ExecutorService executor,
                                                  ScheduledExecutorService scheduler) {
        return new TyrusServerContainer((Set<Class<?>>) null) {

            private final WebSocketEngine engine =
                    TyrusWebSocketEngine.builder(this).applicationEventListener(eventListener).build();

            @Override
            public void register(Class<?> endpointClass) throws DeploymentException {
                engine.register(endpointClass, "");
            }

            @Override
            public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
                engine.register(serverEndpointConfig, "");
            }

            @Override
            public WebSocketEngine getWebSocketEngine() {
                return engine;
            }

            @Override
            public Map<String, Object> getProperties() {
                return Map.of();
            }

            // Tyrus would otherwise create its own "tyrus-N-thread-M" pools.
            @Override
            public ExecutorService getExecutorService() {
                return executor;
            }

            @Override
            public ScheduledExecutorService getScheduledExecutorService() {
                return scheduler;
            }
        };
    }
}
