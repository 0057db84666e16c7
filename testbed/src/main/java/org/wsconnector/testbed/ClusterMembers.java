package org.wsconnector.testbed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The member JVMs of a cluster test: each a {@link ChildJvm} running the given main class (connector-impl's
 * {@code ClusterMember}, a plain connector; cdi-extension's {@code WeldClusterMember}, Weld SE) with its own JGroups
 * stack on a loopback port of its own, or where a {@link Placement} puts it ({@code ClusterPartitionTest}: a network
 * namespace each), its output in {@code target/cluster-members/<name>.log}. The main class gets the configuration
 * as {@code key=value} arguments (full configuration keys, {@link ChildJvm#keyValues}) and stops gracefully when its
 * standard input ends. Every client's upgrade carries {@code X-Client} and {@code X-Member}, so the echo server
 * tells who holds what ({@link #openHolders}).
 */
public final class ClusterMembers implements AutoCloseable {
    public static final String CLIENT_HEADER = "X-Client";
    public static final String MEMBER_HEADER = "X-Member";
    private static final Path LOGS = Path.of("target", "cluster-members");

    private final Class<?> main;
    private final String prefix;
    private final URI server;
    private final List<String> clients;
    private final int quorum;
    private final Placement placement;
    private final Map<String, ChildJvm> alive = new LinkedHashMap<>();
    private final Map<String, ChildJvm> started = new LinkedHashMap<>();
    private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();

    /** Where a member's JVM runs and the address it binds for the others. */
    public interface Placement {
        /** Each member in the test's own network namespace, on a free loopback port. */
        Placement LOOPBACK = new Placement() {
            @Override
            public InetSocketAddress bindAddress(String member) {
                return new InetSocketAddress("127.0.0.1", FreePort.onLoopback());
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

    /**
     * @param main   the members' main class
     * @param prefix of the member names (and log files) and the cluster's name, one per test
     */
    public ClusterMembers(Class<?> main, String prefix, URI server, List<String> clients, int quorum) {
        this(main, prefix, server, clients, quorum, Placement.LOOPBACK);
    }

    public ClusterMembers(Class<?> main, String prefix, URI server, List<String> clients, int quorum,
                          Placement placement) {
        this.main = main;
        this.prefix = prefix;
        this.server = server;
        this.clients = List.copyOf(clients);
        this.quorum = quorum;
        this.placement = placement;
    }

    /** Starts {@code count} new members, each told of every living member and of the others started with it. */
    public List<String> start(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + "-" + (started.size() + names.size() + 1);
            addresses.put(name, placement.bindAddress(name));
            names.add(name);
        }
        String initialHosts = addresses.values().stream()
                .map(address -> address.getHostString() + ":" + address.getPort()).collect(Collectors.joining(","));
        for (String name : names) {
            ChildJvm member = ChildJvm.start(name, LOGS, placement.launchPrefix(name),
                    List.of("-XX:TieredStopAtLevel=1", "-Xmx128m", "-Djava.net.preferIPv4Stack=true"),
                    main.getName(), keys(name, initialHosts));
            alive.put(name, member);
            started.put(name, member);
        }
        return names;
    }

    /** What the member printed so far (its log, standard output and error together), also after it ended. */
    public String output(String name) throws IOException {
        return started.get(name).output();
    }

    public List<String> alive() {
        return List.copyOf(alive.keySet());
    }

    /** {@code kill -9}: the member gets no chance to close anything or to leave the cluster. */
    public void kill(String name) throws InterruptedException {
        addresses.remove(name);
        alive.remove(name).kill();
    }

    /** {@code kill -STOP} or {@code kill -CONT}: a member that stops answering with its sockets open, then resumes. */
    public void signal(String name, String signal) throws InterruptedException {
        alive.get(name).signal(signal);
    }

    /**
     * Graceful stop of one member (standard input closed) and its exit status; throws when it had to be killed
     * because it had not ended within {@link ChildJvm#EXIT_BOUND}.
     */
    public int stop(String name) throws InterruptedException {
        addresses.remove(name);
        ChildJvm member = alive.remove(name);
        member.closeInput();
        if (!member.awaitExitOrKill()) {
            throw new IllegalStateException(name + " had not ended " + ChildJvm.EXIT_BOUND
                    + " after its standard input closed: killed");
        }
        return member.exitValue();
    }

    private List<String> keys(String name, String initialHosts) {
        List<String> keys = new ArrayList<>();
        keys.add("websocket.connector.cluster.name=" + prefix);
        keys.add("websocket.connector.cluster.member-name=" + name);
        keys.add("websocket.connector.cluster.bind-address=" + addresses.get(name).getHostString());
        keys.add("websocket.connector.cluster.bind-port=" + addresses.get(name).getPort());
        keys.add("websocket.connector.cluster.initial-hosts=" + initialHosts);
        keys.add("websocket.connector.cluster.quorum=" + quorum);
        for (String client : clients) {
            String clientPrefix = "websocket.client." + client + ".";
            keys.add(clientPrefix + "uri=" + server);
            keys.add(clientPrefix + "cluster.ownership=one-member");
            keys.add(clientPrefix + "reconnect.interval=200ms");
            // A planned move waits this long for the previous holder's close before opening (README "Cluster").
            keys.add(clientPrefix + "close-timeout=2s");
            keys.add(clientPrefix + "headers." + CLIENT_HEADER + "=" + client);
            keys.add(clientPrefix + "headers." + MEMBER_HEADER + "=" + name);
        }
        return keys;
    }

    /** The members holding an open session per client, as the upgrade headers name them. */
    public static Map<String, List<String>> openHolders(EchoServer server) {
        Map<String, List<String>> open = new TreeMap<>();
        for (ConnectionSnapshot connection : server.connections()) {
            if (connection.open()) {
                open.computeIfAbsent(connection.header(CLIENT_HEADER).orElse("?"),
                        client -> new ArrayList<>()).add(connection.header(MEMBER_HEADER).orElse("?"));
            }
        }
        return open;
    }

    /** Graceful stop of every living member (standard input closed), then SIGKILL for any still there after 20 s. */
    @Override
    public void close() throws InterruptedException {
        alive.values().forEach(ChildJvm::closeInput);
        for (ChildJvm member : alive.values()) {
            member.awaitExitOrKill();
        }
        alive.clear();
    }
}
