package org.wsconnector.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The private network for real: members reach each other and the server on loopback; a partition drops (does not
 * refuse) what crosses it and leaves the server reachable; healing restores the path; closing deletes every
 * namespace, and a new network removes those a dead run left behind. Probes are bash's {@code /dev/tcp} run in a
 * member's namespace: a port nobody listens on answers a reachable peer with a reset at once, a dropped path only
 * with silence.
 */
@Tag("netns")
class IsolatedNetworkTest {
    private static final String GREETING = "hello from loopback";

    @Test
    void membersReachEachOtherAndTheServerAPartitionDropsOnlyWhatCrossesItAndHealingRestoresIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             IsolatedNetwork network = IsolatedNetwork.create(server.getLocalPort())) {
            TestbedThreads.start("greeter", () -> greetEach(server));
            String a = network.addMember("a");
            String b = network.addMember("b");
            String c = network.addMember("c");
            assertThat(List.of(a, b, c)).containsExactly("10.231.0.11", "10.231.0.12", "10.231.0.13");

            String serverAddress = network.serverHost() + "/" + server.getLocalPort();
            assertThat(probe(network, "a", "cat < /dev/tcp/" + serverAddress)).isEqualTo("0 " + GREETING);
            assertThat(probe(network, "a", ": > /dev/tcp/" + b + "/9")).as("refused: reachable").startsWith("1 ");

            network.partition(List.of("a"));
            assertThat(probe(network, "a", ": > /dev/tcp/" + b + "/9")).as("a to b dropped").startsWith("124");
            assertThat(probe(network, "c", ": > /dev/tcp/" + a + "/9")).as("c to a dropped").startsWith("124");
            assertThat(probe(network, "b", ": > /dev/tcp/" + c + "/9")).as("b to c, same side").startsWith("1 ");
            assertThat(probe(network, "a", "cat < /dev/tcp/" + serverAddress)).isEqualTo("0 " + GREETING);

            network.heal();
            assertThat(probe(network, "a", ": > /dev/tcp/" + b + "/9")).as("healed").startsWith("1 ");
        }
    }

    @Test
    void closingDeletesTheNamespacesAndANewNetworkRemovesTheLeftoversOfADeadRun() throws Exception {
        // A pid above the kernel's maximum (4194304) belongs to no process: a run that died before its close.
        String leftover = "wstb9999999-1-hub";
        run("ip", "netns", "add", leftover);
        String ours;
        try (IsolatedNetwork network = IsolatedNetwork.create(9)) {
            assertThat(namespaces()).doesNotContain(leftover);
            network.addMember("m");
            ours = network.launchPrefix("m").get(3);
            assertThat(namespaces()).contains(ours);
        }
        String runPrefix = ours.substring(0, ours.length() - "m".length());
        assertThat(namespaces()).noneMatch(name -> name.startsWith(runPrefix));
    }

    /** Runs {@code script} with bash in the member's namespace within 2 s: its exit code, a space, its output. */
    private static String probe(IsolatedNetwork network, String member, String script) throws Exception {
        List<String> command = new ArrayList<>(network.launchPrefix(member));
        command.addAll(List.of("timeout", "2", "bash", "-c", script));
        Path output = Files.createTempFile("probe", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("probe ended").isTrue();
            return process.exitValue() + " " + Files.readString(output).strip();
        } finally {
            Files.delete(output);
        }
    }

    private static void greetEach(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket accepted = server.accept(); OutputStream out = accepted.getOutputStream()) {
                out.write(GREETING.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static List<String> namespaces() throws Exception {
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String printed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return printed.lines().map(line -> line.split(" ")[0]).toList();
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + printed).isZero();
    }
}
