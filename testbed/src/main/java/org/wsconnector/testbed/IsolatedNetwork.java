package org.wsconnector.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private network of network namespaces, so that a test can cut the links between processes with nftables
 * without touching the machine's own interfaces or rules (which it must never do):
 *
 * <pre>
 *   test JVM (the machine's namespace)           hub namespace                    one namespace per member
 *   server on 127.0.0.1:P  &lt;-- SocketBridge   &lt;-- unix socket file  &lt;-- bridge child JVM on 10.231.0.1:P
 *                                                br0 10.231.0.1/24  --veth--  eth0 10.231.0.11/24 (member 1)
 *                                                                   --veth--  eth0 10.231.0.12/24 (member 2) ...
 * </pre>
 *
 * <p>The hub namespace holds a Linux bridge that every member's veth joins, so the members reach each other on
 * 10.231.0.0/24. A server in the test JVM (the echo server) stays on loopback, where the test inspects it as usual:
 * members reach it at {@link #serverHost()}:{@code P}, where a {@link SocketBridge} child JVM in the hub relays to a
 * Unix socket file and a {@link SocketBridge} in the test JVM relays that to {@code 127.0.0.1:P} (a Unix socket
 * crosses namespaces where no TCP address does). A member's process runs in its namespace through
 * {@link #launchPrefix}; {@link #partition} drops, with nftables rules in every member's namespace, the traffic
 * between the members of one side and the others, and never the traffic to the hub: the server stays reachable.
 * {@link #heal} deletes the rules.
 *
 * <p>Names: every namespace of this network starts with {@code wstb<pid>-<n>-} (the test JVM's pid), so that
 * concurrent runs never meet, and {@link #create} first removes the namespaces (and kills the processes in them) of
 * runs whose JVM is gone, e.g. one killed before its {@link #close()}. {@link #close()} kills what still runs in
 * this network's namespaces and deletes them. Needs root (network namespaces and nftables) and the {@code ip}
 * (iproute2) and {@code nft} (nftables) programs: without them {@link #create} throws an
 * {@link IllegalStateException} that says what is missing, never a silent skip. Not thread-safe: one test thread.
 */
public final class IsolatedNetwork implements AutoCloseable {
    public static final String INSTALL_HINT = "run .ci/install-test-deps.sh as root "
            + "(apt-get install -y iproute2 nftables); network namespaces need root (CAP_SYS_ADMIN, CAP_NET_ADMIN)";
    private static final String SUBNET = "10.231.0.";
    private static final String HUB_ADDRESS = SUBNET + "1";
    private static final int FIRST_MEMBER_HOST = 11;
    private static final String NAME_ROOT = "wstb";
    private static final Pattern OWN_NAME = Pattern.compile("^(" + NAME_ROOT + "(\\d+)-\\d+-\\S+)");
    private static final Pattern MEMBER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,19}");
    private static final String RULES_TABLE = "wstb_partition";
    private static final long COMMAND_SECONDS = 30;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String prefix;
    private final String hub;
    private final Path directory;
    private final int serverPort;
    /** Member name to its namespace and address, in the order added. */
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final List<String> partitioned = new ArrayList<>();
    private SocketBridge loopbackSide;
    private Process hubSide;

    private IsolatedNetwork(int serverPort) throws IOException {
        this.prefix = NAME_ROOT + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet() + "-";
        this.hub = prefix + "hub";
        this.serverPort = serverPort;
        this.directory = Files.createTempDirectory("isolated-network");
    }

    /**
     * Creates the hub namespace and the path from it to {@code 127.0.0.1:serverPort}.
     *
     * @throws IllegalStateException when {@code ip} or {@code nft} is missing or namespaces cannot be created
     */
    public static IsolatedNetwork create(int serverPort) throws IOException, InterruptedException {
        for (String program : List.of("ip", "nft")) {
            if (Squid.find(program).isEmpty()) {
                throw new IllegalStateException(program + " is not installed: " + INSTALL_HINT);
            }
        }
        removeLeftovers();
        IsolatedNetwork network = new IsolatedNetwork(serverPort);
        try {
            network.createHub();
            return network;
        } catch (IOException | InterruptedException | RuntimeException | Error failed) {
            network.close();
            throw failed;
        }
    }

    /** Where members reach the server that listens on {@code 127.0.0.1:serverPort} in the test JVM. */
    public String serverHost() {
        return HUB_ADDRESS;
    }

    /**
     * Adds a member namespace with a veth into the hub's bridge.
     *
     * @param member {@code [a-z0-9][a-z0-9-]{0,19}}, unique in this network
     * @return the member's address, e.g. {@code 10.231.0.11}
     */
    public String addMember(String member) throws IOException, InterruptedException {
        if (!MEMBER_NAME.matcher(member).matches() || namespaces.containsKey(member)) {
            throw new IllegalArgumentException("member names are [a-z0-9][a-z0-9-]{0,19} and unique: " + member);
        }
        int index = namespaces.size();
        String namespace = prefix + member;
        String address = SUBNET + (FIRST_MEMBER_HOST + index);
        addNamespace(namespace);
        namespaces.put(member, namespace);
        addresses.put(member, address);
        String hubEnd = "v" + index;
        ip("-n", hub, "link", "add", hubEnd, "type", "veth", "peer", "name", "eth0", "netns", namespace);
        ip("-n", hub, "link", "set", hubEnd, "master", "br0", "up");
        ip("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        ip("-n", namespace, "link", "set", "eth0", "up");
        return address;
    }

    /** The words that run a command in the member's namespace: {@code ip netns exec <namespace>}. */
    public List<String> launchPrefix(String member) {
        return List.of("ip", "netns", "exec", namespaceOf(member));
    }

    /**
     * Cuts {@code side} off from the other members: in every member's namespace, nftables drops what goes to or
     * comes from the members on the other side (TCP segments are lost, not refused, as in a real partition); the
     * hub, and so the server, stays reachable from all.
     */
    public void partition(Collection<String> side) throws IOException, InterruptedException {
        Set<String> inside = Set.copyOf(side);
        inside.forEach(this::namespaceOf);
        for (String member : namespaces.keySet()) {
            String others = addresses.entrySet().stream()
                    .filter(entry -> inside.contains(entry.getKey()) != inside.contains(member))
                    .map(Map.Entry::getValue).collect(Collectors.joining(", "));
            Path rules = directory.resolve("partition-" + member + ".nft");
            Files.writeString(rules, """
                    table inet %1$s {
                      chain input { type filter hook input priority 0; policy accept; ip saddr { %2$s } drop; }
                      chain output { type filter hook output priority 0; policy accept; ip daddr { %2$s } drop; }
                    }
                    """.formatted(RULES_TABLE, others));
            run(List.of("ip", "netns", "exec", namespaceOf(member), "nft", "-f", rules.toString()));
            partitioned.add(member);
        }
    }

    /** Deletes the partition's rules: the members reach each other again. */
    public void heal() throws IOException, InterruptedException {
        while (!partitioned.isEmpty()) {
            String member = partitioned.remove(partitioned.size() - 1);
            run(List.of("ip", "netns", "exec", namespaceOf(member), "nft", "delete", "table", "inet", RULES_TABLE));
        }
    }

    private String namespaceOf(String member) {
        String namespace = namespaces.get(member);
        if (namespace == null) {
            throw new IllegalArgumentException("no member " + member + " in this network: " + namespaces.keySet());
        }
        return namespace;
    }

    private void createHub() throws IOException, InterruptedException {
        addNamespace(hub);
        ip("-n", hub, "link", "add", "br0", "type", "bridge");
        ip("-n", hub, "addr", "add", HUB_ADDRESS + "/24", "dev", "br0");
        ip("-n", hub, "link", "set", "br0", "up");
        Path socket = directory.resolve("server.sock");
        loopbackSide = SocketBridge.start(UnixDomainSocketAddress.of(socket),
                new InetSocketAddress("127.0.0.1", serverPort));
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", hub,
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), SocketBridge.class.getName(),
                "tcp:" + HUB_ADDRESS + ":" + serverPort, "unix:" + socket));
        Path log = directory.resolve("hub-bridge.log");
        hubSide = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_SECONDS);
        while (!Files.readString(log).contains(SocketBridge.READY)) {
            if (!hubSide.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub's bridge did not start within " + COMMAND_SECONDS + " s: "
                        + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    private void addNamespace(String namespace) throws IOException, InterruptedException {
        Outcome added = execute(List.of("ip", "netns", "add", namespace));
        if (!added.succeeded()) {
            throw new IllegalStateException("cannot create network namespace " + namespace + " ("
                    + added.printed().strip() + "): " + INSTALL_HINT);
        }
        created.add(namespace);
        ip("-n", namespace, "link", "set", "lo", "up");
    }

    /** Kills what runs in this network's namespaces and deletes them, the hub last (it holds the veth ends). */
    @Override
    public void close() throws InterruptedException {
        try {
            if (hubSide != null) {
                stop(hubSide);
            }
            if (loopbackSide != null) {
                loopbackSide.close();
            }
        } finally {
            // Whatever failed above, the namespaces go: they would outlive this JVM.
            for (int i = created.size() - 1; i >= 0; i--) {
                delete(created.get(i));
            }
            created.clear();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void stop(Process process) throws InterruptedException {
        try {
            process.getOutputStream().close(); // the bridge's signal to end
        } catch (IOException alreadyGone) {
            // It is ending anyway.
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The namespaces of runs whose JVM is gone: their processes killed, then the namespaces deleted. */
    private static void removeLeftovers() throws IOException, InterruptedException {
        for (String line : output(List.of("ip", "netns", "list")).split("\n")) {
            Matcher own = OWN_NAME.matcher(line);
            if (own.find() && ProcessHandle.of(Long.parseLong(own.group(2))).isEmpty()) {
                delete(own.group(1));
            }
        }
    }

    private static void delete(String namespace) throws InterruptedException {
        try {
            for (String pid : execute(List.of("ip", "netns", "pids", namespace)).printed().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            execute(List.of("ip", "netns", "del", namespace)); // gone already is fine
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ip(String... words) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(words));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        execute(command).orThrow(command);
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        return execute(command).orThrow(command);
    }

    /** How a command ended: whether it succeeded and what it printed (standard output and error). */
    private record Outcome(boolean succeeded, String printed) {
        String orThrow(List<String> command) {
            if (!succeeded) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + printed.strip());
            }
            return printed;
        }
    }

    /** Runs a command to its end, within {@link #COMMAND_SECONDS}. */
    private static Outcome execute(List<String> command) throws IOException, InterruptedException {
        Path printed = Files.createTempFile("isolated-network-command", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(printed.toFile()).start();
            if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(false, "no end within " + COMMAND_SECONDS + " s");
            }
            return new Outcome(process.exitValue() == 0, Files.readString(printed));
        } finally {
            Files.delete(printed);
        }
    }
}
