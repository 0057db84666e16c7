package org.wsconnector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.SslContexts;
import org.wsconnector.testbed.TestCertificates;

/**
 * A tool, not a test: checks every driver against a {@link BenchServer} in its own JVM and prints one line per
 * check, {@code OK} or {@code FAIL} with the reason.
 *
 * <ul>
 *   <li>every kind over ws, wss and both through the CONNECT proxy: open, echo a 64 B and a 16 KB text, close;
 *       threads the driver left behind after close (1.5 s settling) are shown, not judged; a combination the driver
 *       refuses with {@link IllegalArgumentException} is shown as {@code N/A};</li>
 *   <li>hostname verification: every wss client must refuse {@code wss://localhost} when the certificate names only
 *       127.0.0.1;</li>
 *   <li>the echo server answers PINGs with PONGs (ws and wss);</li>
 *   <li>the echo server holds 5,000 connector connections pinged every second for 10 s.</li>
 * </ul>
 *
 * <p>Optional argument: the number of held connections (default 5000; 0 skips that check).
 */
public final class DriverSmoke {
    private static final List<String> KINDS = List.of("connector", "tyrus-grizzly", "tyrus-grizzly-shared",
            "tyrus-jdk", "jdk-http", "jetty", "okhttp");
    private static final char[] PASSWORD = "smoke-pass".toCharArray();
    private static final String TEXT_64 = "s".repeat(64);
    private static final String TEXT_16K = "m".repeat(16 * 1024);
    private static final long ECHO_TIMEOUT_SECONDS = 5;
    private static final Duration HOLD = Duration.ofSeconds(10);

    private final TestCertificates certificates;
    private final SSLContext trustingCa;
    private int failures;

    private DriverSmoke(TestCertificates certificates) {
        this.certificates = certificates;
        trustingCa = SslContexts.trustingCa(certificates);
    }

    public static void main(String[] args) throws Exception {
        int held = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path dir = Files.createTempDirectory("ws-smoke-certs");
        DriverSmoke smoke = new DriverSmoke(TestCertificates.generate(dir, PASSWORD));
        try (ServerProcess server = smoke.startServer(SanVariant.BOTH);
             ServerProcess ipOnly = smoke.startServer(SanVariant.IP_ONLY)) {
            smoke.echoChecks(server);
            smoke.hostnameChecks(ipOnly);
            smoke.pongCheck(server.get("ws"));
            smoke.pongCheck(server.get("wss"));
            if (held > 0) {
                smoke.holdCheck(server, held);
            }
        }
        System.out.println(smoke.failures == 0 ? "ALL OK" : smoke.failures + " FAILED");
        System.exit(smoke.failures == 0 ? 0 : 1); // lingering non-daemon client threads must not keep the JVM
    }

    private void echoChecks(ServerProcess server) throws InterruptedException {
        for (String kind : KINDS) {
            for (String scheme : List.of("ws", "wss")) {
                for (boolean proxied : List.of(false, true)) {
                    echoCheck(kind, target(server.get(scheme), proxied ? server.proxy() : null), proxied);
                }
            }
        }
        echoCheck("socket", target(server.get("tcp"), null), false);
        echoCheck("socket", target(server.get("tcp"), server.proxy()), true);
    }

    private void echoCheck(String kind, Target target, boolean proxied) throws InterruptedException {
        String label = String.format("%-20s %-3s %-8s", kind, target.uri().getScheme(), proxied ? "proxy" : "direct");
        long threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        String result;
        try (Driver driver = ClientArgs.driver(kind, target, 1)) {
            BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
            long start = System.nanoTime();
            Driver.Connection connection = driver.open(echoes::add);
            long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            try {
                expectEcho(connection, echoes, TEXT_64);
                expectEcho(connection, echoes, TEXT_16K);
            } finally {
                connection.close();
            }
            result = "open " + openMillis + " ms, 64 B + 16 KB echoed";
        } catch (IllegalArgumentException e) {
            System.out.println("N/A  " + label + " " + e.getMessage());
            return;
        } catch (Exception e) {
            fail(label, e);
            return;
        }
        Thread.sleep(1500);
        long left = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
        System.out.println("OK   " + label + " " + result + "; threads left after close: " + left);
    }

    private static void expectEcho(Driver.Connection connection, BlockingQueue<String> echoes, String text)
            throws Exception {
        connection.send(text);
        String echo = echoes.poll(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!text.equals(echo)) {
            throw new IllegalStateException(echo == null ? "no echo of " + text.length() + " chars in "
                    + ECHO_TIMEOUT_SECONDS + " s" : "wrong echo: " + echo.length() + " chars");
        }
    }

    /** The server's certificate names only 127.0.0.1: asking for localhost must fail the TLS handshake. */
    private void hostnameChecks(ServerProcess ipOnly) {
        URI wss = ipOnly.get("wss");
        URI localhost = URI.create("wss://localhost:" + wss.getPort() + wss.getPath());
        for (String kind : KINDS) {
            String label = String.format("%-20s %-3s %-8s", kind, "wss", "hostname");
            try (Driver driver = ClientArgs.driver(kind, target(localhost, null), 1)) {
                driver.open(text -> { }).close();
                failures++;
                System.out.println("FAIL " + label + " connected to localhost with a certificate for 127.0.0.1 only");
            } catch (Exception e) {
                Throwable root = rootCause(e);
                boolean tlsRefusal = root instanceof java.security.cert.CertificateException
                        || root instanceof javax.net.ssl.SSLException;
                if (tlsRefusal) {
                    System.out.println("OK   " + label + " refused: " + root);
                } else {
                    fail(label, e);
                }
            }
        }
    }

    /** Jetty must answer a PING with a PONG carrying the same payload (the echo listener leaves that to Jetty). */
    private void pongCheck(URI uri) {
        String label = String.format("%-20s %-3s %-8s", "server-pong", uri.getScheme(), "direct");
        CompletableFuture<String> pong = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
                pong.complete(StandardCharsets.UTF_8.decode(message).toString());
                return null;
            }
        };
        HttpClient.Builder builder = HttpClient.newBuilder();
        if ("wss".equals(uri.getScheme())) {
            builder.sslContext(trustingCa);
        }
        try {
            WebSocket socket = builder.build().newWebSocketBuilder().buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
            socket.sendPing(ByteBuffer.wrap("are-you-there".getBytes(StandardCharsets.UTF_8)));
            String payload = pong.get(ECHO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            socket.abort();
            if (!"are-you-there".equals(payload)) {
                throw new IllegalStateException("pong payload " + payload);
            }
            System.out.println("OK   " + label + " PONG with the PING's payload");
        } catch (Exception e) {
            fail(label, e);
        }
    }

    /** Many idle connector connections, each pinging every second; none may be lost and every one must still echo. */
    private void holdCheck(ServerProcess server, int count) throws Exception {
        String label = String.format("%-20s %-3s %-8s", "hold-" + count, "ws", "direct");
        AtomicInteger echoed = new AtomicInteger();
        try (ConnectorDriver driver = new ConnectorDriver(target(server.get("ws"), null), count, Duration.ofSeconds(1))) {
            List<Driver.Connection> connections = new ArrayList<>(count);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                connections.add(driver.open(text -> echoed.incrementAndGet()));
            }
            long openSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            Thread.sleep(HOLD.toMillis());
            long pinged = driver.connectionsWithPingRoundTrip();
            long lost = driver.lostConnections();
            for (Driver.Connection connection : connections) {
                connection.send(TEXT_64);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (echoed.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            String facts = count + " opened in " + openSeconds + " s, held " + HOLD.toSeconds() + " s; "
                    + pinged + " with a ping round trip, " + lost + " lost, " + echoed.get() + " echoed afterwards";
            boolean ok = pinged == count && lost == 0 && echoed.get() == count;
            if (!ok) {
                failures++;
            }
            System.out.println((ok ? "OK   " : "FAIL ") + label + " " + facts);
            connections.forEach(Driver.Connection::close);
        } catch (Exception e) {
            fail(label, e);
        }
    }

    private Target target(URI uri, InetSocketAddress proxy) {
        boolean tls = "wss".equals(uri.getScheme());
        return new Target(uri, tls ? certificates.ca().pemFile().toString() : null, tls ? trustingCa : null, proxy);
    }

    private void fail(String label, Exception e) {
        failures++;
        Throwable root = rootCause(e);
        System.out.println("FAIL " + label + " " + e + (root != e ? " (root: " + root + ")" : ""));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private ServerProcess startServer(SanVariant san) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), BenchServer.class.getName(),
                certificates.server(san).keyStore().toString(), new String(PASSWORD));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("server did not start: " + ready);
        }
        Map<String, String> fields = new HashMap<>();
        Arrays.stream(ready.substring("READY ".length()).split(" "))
                .map(field -> field.split("=", 2)).forEach(pair -> fields.put(pair[0], pair[1]));
        return new ServerProcess(process, fields);
    }

    /** A {@link BenchServer} child JVM and what its READY line announced; closing its input stops it. */
    private record ServerProcess(Process process, Map<String, String> fields) implements AutoCloseable {
        URI get(String scheme) {
            return URI.create(fields.get(scheme));
        }

        InetSocketAddress proxy() {
            String[] hostPort = fields.get("proxy").split(":");
            return new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
