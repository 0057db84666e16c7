package org.wsconnector.impl.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The member JVMs of {@link ClusterTakeoverTest}: each a {@link ClusterMember} with its own JGroups stack on a
 * loopback port of its own, or where a {@link Placement} puts it ({@link ClusterPartitionTest}: a network namespace
 * each), its output in {@code target/cluster-members/<name>.log}. Every client's upgrade carries {@code X-Client} and
 * {@code X-Member}, so the echo server tells who holds what.
 */
final class ClusterMembers implements AutoCloseable {
    static final String CLIENT_HEADER = "X-Client";
    static final String MEMBER_HEADER = "X-Member";
    private static final Path LOGS = Path.of("target", "cluster-members");

    private final String prefix;
    private final URI server;
    private final List<String> clients;
    private final int quorum;
    private final Placement placement;
    private final Map<String, Process> alive = new LinkedHashMap<>();
    private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    private int started;

    /** Where a member's JVM runs and the address it binds for the others. */
    interface Placement {
        /** Each member in the test's own network namespace, on a free loopback port. */
        Placement LOOPBACK = new Placement() {
            @Override
            public InetSocketAddress bindAddress(String member) {
                return new InetSocketAddress("127.0.0.1", freePort());
            }

            @Override
            public List<String> launchPrefix(String member) {
                return List.of();
            }
        };

        InetSocketAddress bindAddress(String member);

        /** The words before {@code java} in the member's command line, e.g. {@code ip netns exec <namespace>}. */
        List<String> launchPrefix(String member);
    }

    /** @param prefix of the member names (and log files), one per test */
    ClusterMembers(String prefix, URI server, List<String> clients, int quorum) {
        this(prefix, server, clients, quorum, Placement.LOOPBACK);
    }

    ClusterMembers(String prefix, URI server, List<String> clients, int quorum, Placement placement) {
        this.prefix = prefix;
        this.server = server;
        this.clients = List.copyOf(clients);
        this.quorum = quorum;
        this.placement = placement;
    }

    /** Starts {@code count} new members, each told of every living member and of the others started with it. */
    List<String> start(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + (++started);
            addresses.put(name, placement.bindAddress(name));
            names.add(name);
        }
        String initialHosts = addresses.values().stream()
                .map(address -> address.getHostString() + ":" + address.getPort()).collect(Collectors.joining(","));
        names.forEach(name -> alive.put(name, launch(name, initialHosts)));
        return names;
    }

    /** What the member printed so far (its log, standard output and error together). */
    String output(String name) throws IOException {
        return Files.readString(LOGS.resolve(name + ".log"));
    }

    List<String> alive() {
        return List.copyOf(alive.keySet());
    }

    /** {@code kill -9}: the member gets no chance to close anything or to leave the cluster. */
    void kill(String name) throws InterruptedException {
        Process process = alive.remove(name);
        addresses.remove(name);
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not die within 20 s of SIGKILL");
        }
    }

    /** {@code kill -STOP} or {@code kill -CONT}: a member that stops answering with its sockets open, then resumes. */
    void signal(String name, String signal) throws InterruptedException {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-" + signal, Long.toString(alive.get(name).pid()))
                    .redirectErrorStream(true).start();
        } catch (IOException noKill) {
            throw new IllegalStateException("this test needs the kill program (Debian package procps; "
                    + ".ci/install-test-deps.sh installs it)", noKill);
        }
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + name + " failed");
        }
    }

    private Process launch(String name, String initialHosts) {
        List<String> command = new ArrayList<>(placement.launchPrefix(name));
        command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"), ClusterMember.class.getName()));
        command.add("websocket.connector.cluster.name=takeover-test");
        command.add("websocket.connector.cluster.member-name=" + name);
        command.add("websocket.connector.cluster.bind-address=" + addresses.get(name).getHostString());
        command.add("websocket.connector.cluster.bind-port=" + addresses.get(name).getPort());
        command.add("websocket.connector.cluster.initial-hosts=" + initialHosts);
        command.add("websocket.connector.cluster.quorum=" + quorum);
        for (String client : clients) {
            String prefix = "websocket.client." + client + ".";
            command.add(prefix + "uri=" + server);
            command.add(prefix + "cluster.ownership=one-member");
            command.add(prefix + "reconnect.interval=200ms");
            // A planned move waits this long for the previous holder's close before opening (README "Cluster").
            command.add(prefix + "close-timeout=2s");
            command.add(prefix + "headers." + CLIENT_HEADER + "=" + client);
            command.add(prefix + "headers." + MEMBER_HEADER + "=" + name);
        }
        try {
            Files.createDirectories(LOGS);
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(LOGS.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free now on loopback; the member binds it a moment later (JGroups fails loudly if it was taken). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Graceful stop (standard input closed), then SIGKILL for any member still there after 20 s. */
    @Override
    public void close() throws InterruptedException {
        for (Process process : alive.values()) {
            try {
                process.getOutputStream().close();
            } catch (IOException alreadyGone) {
                // It is ending anyway.
            }
        }
        for (Process process : alive.values()) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        alive.clear();
    }
}
