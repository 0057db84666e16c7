package org.wsconnector.impl.keepalive;

import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.transport.ChannelHolder;
import org.wsconnector.impl.transport.Dialer;
import org.wsconnector.impl.transport.TcpKeepAlive;
import org.wsconnector.impl.transport.Wire;
import org.wsconnector.testbed.ConnectProxy;
import org.wsconnector.testbed.EchoServer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;
import static org.wsconnector.impl.ConnectorUnderTest.configuration;

/**
 * TCP keepalive on the dialed real socket: the options as the socket reports them, the kernel's keepalive timer as
 * {@code ss} shows it, and a connection really killed by dropped packets (nftables in a network namespace).
 */
class TcpKeepAliveTest {

    /** A connection as the transport dials it (TCP, and the proxy's tunnel when there is one), keepalive applied. */
    private static final class Dialed implements AutoCloseable {
        final ChannelHolder channel = new ChannelHolder();
        final Wire wire;

        Dialed(String name, Map<String, String> properties) throws IOException {
            ClientConfig config = configuration(properties).clients().get(name);
            wire = new Dialer(config, null, new TcpKeepAlive()).dial(channel, stage -> { });
        }

        Socket socket() {
            return wire.socket();
        }

        @Override
        public void close() {
            channel.close();
        }
    }

    @Test
    void theDialedSocketCarriesTheConfiguredKeepAliveAndTheKernelRunsItsTimer() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             Dialed dialed = new Dialed("tuned", ConnectorUnderTest.properties("tuned", "uri", server.uri(),
                     "tcp-keepalive.idle", "7s", "tcp-keepalive.interval", "3s", "tcp-keepalive.probes", "2"))) {
            Socket socket = dialed.socket();

            assertThat(socket.getPort()).isEqualTo(server.port());
            assertThat(socket.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(7);
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(3);
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(2);

            // The kernel's own view: a keepalive timer on this very connection, due within the 7 s idle time
            // (the kernel default would be 7200 s).
            KeepAliveTimer timer = KeepAliveTimer.of(socket.getLocalPort());
            System.out.printf("[keepalive] ss for local port %d: %s%n", socket.getLocalPort(), timer.line());
            assertThat(timer.dueInMillis()).isPositive().isLessThanOrEqualTo(7_000);
            assertThat(timer.probesSent()).isZero();
        }
    }

    @Test
    void aProxiedConnectionGetsKeepAliveOnItsSocketToTheProxy() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectProxy proxy = ConnectProxy.builder().start();
             Dialed dialed = new Dialed("proxied", ConnectorUnderTest.properties("proxied", "uri", server.uri(),
                     "proxy.host", "127.0.0.1:" + proxy.port(),
                     "tcp-keepalive.idle", "9s", "tcp-keepalive.interval", "4s", "tcp-keepalive.probes", "5"))) {
            Socket socket = dialed.socket();

            assertThat(socket.getPort()).as("the socket is the one to the proxy").isEqualTo(proxy.port());
            assertThat(socket.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(9);
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPINTERVAL)).isEqualTo(4);
            assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)).isEqualTo(5);
            assertThat(KeepAliveTimer.of(socket.getLocalPort()).dueInMillis()).isBetween(1L, 9_000L);
        }
    }

    @Test
    void droppedPacketsEndTheConnectionThroughTcpKeepAliveAlone() throws Exception {
        // Only dropped packets make TCP keepalive fire (a frozen process or relay still has a kernel that ACKs), and
        // only nftables inside a network namespace of our own may drop them here. A JVM cannot move its sockets into
        // another namespace, so the clients and the server run in a child JVM inside it, on its loopback.
        Assumptions.assumeTrue(commandWorks("nft", "--version"),
                "nftables is not installed (apt-get install -y nftables): the packet-drop test cannot run");
        String namespace = "wsk-" + ProcessHandle.current().pid();
        Assumptions.assumeTrue(commandWorks("ip", "netns", "add", namespace),
                "cannot create a network namespace (needs root and iproute2): the packet-drop test cannot run");
        Process child = null;
        try {
            run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            Path childLog = Files.createTempFile("netns-keepalive-child", ".log");
            child = new ProcessBuilder(List.of("ip", "netns", "exec", namespace,
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), NetnsKeepAliveChild.class.getName()))
                    .redirectError(childLog.toFile())
                    .start();
            ChildLines lines = new ChildLines(child);
            String ready = lines.awaitLine(line -> line.startsWith("READY "), Duration.ofSeconds(60), childLog);
            int serverPort = Integer.parseInt(ready.substring("READY ".length()).trim());

            nft(namespace, "add", "table", "inet", "wsk");
            nft(namespace, "add", "chain", "inet", "wsk", "input",
                    "{", "type", "filter", "hook", "input", "priority", "0", ";", "policy", "accept", ";", "}");
            long droppedAt = System.nanoTime();
            nft(namespace, "add", "rule", "inet", "wsk", "input", "tcp", "dport", String.valueOf(serverPort), "drop");
            nft(namespace, "add", "rule", "inet", "wsk", "input", "tcp", "sport", String.valueOf(serverPort), "drop");

            String lost = lines.awaitLine(line -> line.startsWith("STATE guarded OPEN RECONNECTING"),
                    Duration.ofSeconds(30), childLog);
            long detectedMillis = (System.nanoTime() - droppedAt) / 1_000_000;
            assertThat(lost).contains("ConnectionLostException").contains("timed out");
            // The kernel kills the connection `probes` intervals after its first unanswered probe, which comes at
            // most `idle` after the last packet: between probes×interval and idle + probes×interval after the drop.
            System.out.printf("[keepalive] packets dropped: TCP keepalive ended the connection after %d ms; "
                    + "formula [2000, 3000] ms; asserted [1500, 6000] ms; child said: %s%n", detectedMillis, lost);
            assertThat(detectedMillis).isBetween(1_500L, 6_000L);

            // Control: the same dropped path, for longer, goes unnoticed by the client without keepalive.
            await().alias("no transition of the unguarded client; child said: " + lines.all())
                    .during(Duration.ofSeconds(1)).atMost(PATIENCE)
                    .until(() -> lines.all().stream().noneMatch(line -> line.startsWith("STATE unguarded OPEN ")));

            run("ip", "netns", "exec", namespace, "nft", "delete", "table", "inet", "wsk");
            lines.awaitLine(line -> line.startsWith("STATE guarded RECONNECTING OPEN"), Duration.ofSeconds(30),
                    childLog);
            assertThat(lines.all()).noneMatch(line -> line.startsWith("STATE unguarded OPEN "));

            try (Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                toChild.write("EXIT\n");
            }
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child JVM exits").isTrue();
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            commandWorks("ip", "netns", "del", namespace);
        }
    }

    private static void nft(String namespace, String... words) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "nft"));
        command.addAll(List.of(words));
        run(command.toArray(new String[0]));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static boolean commandWorks(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lines the child prints, read on a thread of their own. */
    private static final class ChildLines {
        private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        private final List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();

        ChildLines(Process child) {
            Thread reader = new Thread(() -> {
                try (var in = child.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        all.add(line);
                        fresh.add(line);
                    }
                } catch (IOException e) {
                    // the child ended
                }
            }, "netns-child-reader");
            reader.setDaemon(true);
            reader.start();
        }

        List<String> all() {
            return List.copyOf(all);
        }

        String awaitLine(java.util.function.Predicate<String> condition, Duration timeout, Path childLog)
                throws Exception {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                String line = fresh.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && condition.test(line)) {
                    return line;
                }
            }
            throw new AssertionError("the child did not print the expected line within " + timeout + "; stdout: "
                    + all + "; stderr: " + Files.readString(childLog));
        }
    }

    /** The keepalive timer {@code ss -tno} shows for the established connection with this local port. */
    record KeepAliveTimer(String line, long dueInMillis, int probesSent) {
        // ss prints the time left as e.g. "6.998ms" (6 s 998 ms), "59sec", "1min59sec", "998ms".
        private static final Pattern TIMER = Pattern.compile(
                "timer:\\(keepalive,(?:(\\d+)min)?(?:(\\d+)(sec|\\.))?(?:(\\d+)ms)?,(\\d+)\\)");

        static KeepAliveTimer of(int localPort) throws Exception {
            Process ss = new ProcessBuilder("ss", "-tnoH", "state", "established", "( sport = :" + localPort + " )")
                    .redirectErrorStream(true).start();
            String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Matcher matcher = TIMER.matcher(output);
            assertThat(matcher.find()).as("ss output for local port " + localPort + ": " + output).isTrue();
            long minutes = matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1));
            long seconds = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
            long millis = matcher.group(4) == null ? 0 : Long.parseLong(matcher.group(4));
            return new KeepAliveTimer(output, (minutes * 60 + seconds) * 1000 + millis,
                    Integer.parseInt(matcher.group(5)));
        }
    }
}
