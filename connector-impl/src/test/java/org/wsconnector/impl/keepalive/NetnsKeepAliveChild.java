package org.wsconnector.impl.keepalive;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.testbed.EchoServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The other end of {@link TcpKeepAliveTest}'s packet-drop test, run by it in a JVM inside a network namespace
 * (a JVM cannot move one of its sockets into another namespace): an echo server and two clients on that
 * namespace's loopback, {@code guarded} with TCP keepalive (idle 1s, interval 1s, 2 probes) and {@code unguarded}
 * without; pings off for both, so only the kernel can notice a dead path. Prints {@code READY <server port>} once
 * both are open, then one {@code STATE <client> <previous> <current> <cause class> <cause message>} line per
 * transition; exits on {@code EXIT} or end of standard input.
 */
public final class NetnsKeepAliveChild {
    private NetnsKeepAliveChild() {
    }

    public static void main(String[] args) throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> properties = new HashMap<>();
            properties.putAll(ConnectorUnderTest.properties("guarded", "uri", server.uri(),
                    "tcp-keepalive.idle", "1s", "tcp-keepalive.interval", "1s", "tcp-keepalive.probes", "2",
                    "connection-timeout", "2s", "reconnect.interval", "300ms", "reconnect.max-interval", "1s",
                    "close-timeout", "1s"));
            properties.putAll(ConnectorUnderTest.properties("unguarded", "uri", server.uri(),
                    "connection-timeout", "2s", "close-timeout", "1s"));
            try (ConnectorUnderTest underTest = ConnectorUnderTest.withProperties(properties)) {
                WebSocketConnector connector = underTest.connector();
                connector.connections().forEach(connection -> connection.addListener(new WebSocketListener() {
                    @Override
                    public void onStateChanged(ConnectionStateChanged change) {
                        say("STATE " + change.client() + " " + change.previous() + " " + change.current() + " "
                                + change.cause().map(c -> c.getClass().getSimpleName() + " " + c.getMessage())
                                        .orElse("- -"));
                    }
                }));
                for (var connection : connector.connections()) {
                    connection.awaitOpen(Duration.ofSeconds(20));
                    if (connection.state() != ConnectionState.OPEN) {
                        throw new IllegalStateException(connection.name() + " did not open");
                    }
                }
                say("READY " + server.port());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.equals("EXIT")) {
                    // only EXIT means anything
                }
            }
        }
        say("BYE");
        System.exit(0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
