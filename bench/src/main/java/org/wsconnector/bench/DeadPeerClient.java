package org.wsconnector.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.DeadPeerException;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.FreezableRelay;

/**
 * Dead-peer detection, in its own JVM: one managed session to the echo server through a {@link FreezableRelay}; the
 * path is frozen {@code freezes} times (bytes stop, sockets stay open: only pings can notice) at a random phase of the
 * ping period, and each time the delay from the freeze to the session's dead-peer event is measured. Then the path
 * thaws and the session must reopen before the next freeze.
 *
 * <p>Arguments: ws echo URI, freezes, ping interval in ms, probes.
 */
public final class DeadPeerClient {
    private DeadPeerClient() {
    }

    public static void main(String[] args) throws Exception {
        URI echo = URI.create(args[0]);
        int freezes = Integer.parseInt(args[1]);
        long intervalMillis = Long.parseLong(args[2]);
        int probes = Integer.parseInt(args[3]);
        // Every freeze makes the connector log a WARNING and an INFO line by design; twenty of each are noise here.
        java.util.logging.Logger.getLogger("org.wsconnector").setLevel(java.util.logging.Level.SEVERE);
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, BenchConnectors.threads("timer"));
        try (FreezableRelay relay = FreezableRelay.start(echo.getPort())) {
            String prefix = "websocket.client.watched.";
            WebSocketConnector connector = BenchConnectors.create(Map.of(
                    prefix + "uri", "ws://127.0.0.1:" + relay.port() + echo.getPath(),
                    prefix + "connection-type", "on-demand",
                    prefix + "ping.interval", intervalMillis + "ms",
                    prefix + "ping.probes", Integer.toString(probes),
                    prefix + "reconnect.interval", "50ms",
                    prefix + "reconnect.jitter", "0"), scheduler);
            try {
                DefaultManagedWebSocket session = connector.connection("watched").orElseThrow();
                BlockingQueue<Long> deadPeerAt = new LinkedBlockingQueue<>();
                session.addListener(new WebSocketListener() {
                    @Override
                    public void onStateChanged(ConnectionStateChanged change) {
                        if (change.cause().orElse(null) instanceof DeadPeerException) {
                            deadPeerAt.add(System.nanoTime());
                        }
                    }
                });
                ChildResult result = new ChildResult().put("freezes", freezes);
                for (int i = 0; i < freezes; i++) {
                    session.awaitOpen(Duration.ofSeconds(10));
                    awaitFirstPong(session, intervalMillis);
                    // A random phase of the ping period: detection time depends on where in it the path dies.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(intervalMillis));
                    relay.freeze();
                    long frozenAt = System.nanoTime();
                    Long detectedAt = deadPeerAt.poll((probes + 3) * intervalMillis, TimeUnit.MILLISECONDS);
                    relay.unfreeze();
                    result.put("detectMs." + i, detectedAt == null ? Double.NaN : (detectedAt - frozenAt) / 1e6);
                    if (detectedAt == null) {
                        System.err.println("freeze " + i + ": no dead-peer event within " + (probes + 3)
                                + " intervals (state " + session.state() + ")");
                        relay.cutAll(); // start the next freeze from a fresh connection
                    }
                }
                result.print();
            } finally {
                connector.close();
            }
        } finally {
            scheduler.shutdownNow();
        }
        System.exit(0);
    }

    /** A session is in steady state once a pong has come back: freezing before would measure the open, not pings. */
    private static void awaitFirstPong(DefaultManagedWebSocket session, long intervalMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Duration before = session.lastPingRoundTrip().orElse(null);
        while (System.nanoTime() < deadline && session.state() == ConnectionState.OPEN) {
            Duration now = session.lastPingRoundTrip().orElse(null);
            if (now != null && now != before) {
                return;
            }
            Thread.sleep(Math.max(5, intervalMillis / 20));
        }
    }
}
