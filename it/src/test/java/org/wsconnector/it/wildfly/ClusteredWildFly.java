package org.wsconnector.it.wildfly;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.ModelControllerClientConfiguration;
import org.jboss.as.controller.client.helpers.standalone.ServerDeploymentHelper;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One WildFly {@code standalone-ha} server of {@link WildFlyClusterIT}, started by the test from the build's WildFly
 * installation with a base directory of its own ({@code target/wildfly-cluster/<name>}: configuration, data, log) and
 * a port offset of its own, on loopback. WildFly's own JGroups channel ({@code ee}) runs on the {@code tcp} stack with
 * TCPPING to {@code wildFlyJGroupsPorts} (the shipped configuration uses UDP multicast, which loopback may not carry).
 */
final class ClusteredWildFly implements AutoCloseable {
    private static final Path BASES = Path.of("target", "wildfly-cluster");
    private static final int MANAGEMENT_PORT = 9990;
    private static final int HTTP_PORT = 8080;
    /** WildFly's {@code jgroups-tcp} socket binding, before the offset. */
    static final int WILDFLY_JGROUPS_PORT = 7600;
    private static final String EE_CHANNEL_UDP = "<channel name=\"ee\" stack=\"udp\" cluster=\"ejb\"/>";
    private static final String MPING = "<socket-protocol type=\"MPING\" socket-binding=\"jgroups-mping\"/>";
    private static final String BINDINGS_END = "</socket-binding-group>";

    private final String name;
    private final int offset;
    private final Path base;
    private final Map<String, String> systemProperties;
    private Process process;
    private ModelControllerClient management;

    /**
     * @param wildFlyJGroupsPorts the {@code jgroups-tcp} ports (offset included) of every server of the cluster
     * @param systemProperties    this server's own, e.g. the connector keys that differ between members
     */
    ClusteredWildFly(String name, int offset, List<Integer> wildFlyJGroupsPorts, Map<String, String> systemProperties) {
        this.name = name;
        this.offset = offset;
        this.base = BASES.resolve(name).toAbsolutePath();
        this.systemProperties = Map.copyOf(systemProperties);
        prepareBase(wildFlyJGroupsPorts);
    }

    String name() {
        return name;
    }

    String httpBase() {
        return "http://127.0.0.1:" + (HTTP_PORT + offset);
    }

    /** Launches the server (its console output in {@code log/console.log}); {@link #awaitRunning} waits for it. */
    void start() {
        StandaloneCommandBuilder command = StandaloneCommandBuilder.of(WildFlyFixture.JBOSS_HOME)
                .setBaseDirectory(base)
                .setServerConfiguration("standalone-ha.xml")
                .addJavaOptions("-Xms64m", "-Xmx512m", "-Djava.net.preferIPv4Stack=true",
                        "-Djboss.socket.binding.port-offset=" + offset, "-Djboss.bind.address=127.0.0.1",
                        "-Djboss.bind.address.management=127.0.0.1", "-Djboss.bind.address.private=127.0.0.1",
                        "-Djboss.node.name=" + name)
                .addJavaOptions(systemProperties.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue())
                        .toList());
        try {
            Files.createDirectories(base.resolve("log"));
            process = Launcher.of(command).setRedirectErrorStream(true)
                    .redirectOutput(base.resolve("log/console.log")).launch();
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch " + name, e);
        }
        management = ModelControllerClient.Factory.create(new ModelControllerClientConfiguration.Builder()
                .setProtocol("remote+http").setHostName("127.0.0.1").setPort(MANAGEMENT_PORT + offset).build());
    }

    /** Polls the management interface until the server says {@code running}; fails early if the process ends. */
    void awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": see "
                        + base.resolve("log"));
            }
            try {
                if ("running".equals(execute(readAttribute("server-state")).asString())) {
                    return;
                }
            } catch (IOException | IllegalStateException notYet) {
                // The management interface is not up yet.
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(name + " not running within " + timeout.toSeconds() + " s: see "
                        + base.resolve("log"));
            }
            Thread.sleep(200); // a boot has no event we can wait on from here: poll
        }
    }

    void deploy(WebArchive war) throws IOException {
        try (InputStream content = war.as(ZipExporter.class).exportAsInputStream()) {
            new ServerDeploymentHelper(management).deploy(war.getName(), content);
        } catch (ServerDeploymentHelper.ServerDeploymentException e) {
            throw new IllegalStateException(name + ": deploying " + war.getName() + " failed", e);
        }
    }

    void undeploy(String deployment) {
        try {
            new ServerDeploymentHelper(management).undeploy(deployment);
        } catch (ServerDeploymentHelper.ServerDeploymentException e) {
            throw new IllegalStateException(name + ": undeploying " + deployment + " failed", e);
        }
    }

    /** {@code :shutdown} (graceful: deployments stop first), then waits for the process to end. */
    void shutdown(Duration timeout) throws IOException, InterruptedException {
        ModelNode shutdown = new ModelNode();
        shutdown.get("operation").set("shutdown");
        shutdown.get("address").setEmptyList();
        execute(shutdown);
        management.close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still running " + timeout.toSeconds() + " s after :shutdown");
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The result of a management operation that must succeed. */
    ModelNode execute(ModelNode operation) throws IOException {
        ModelNode answer = management.execute(operation);
        if (!"success".equals(answer.get("outcome").asString())) {
            throw new IllegalStateException(name + ": " + operation + " answered " + answer);
        }
        return answer.get("result");
    }

    static ModelNode readAttribute(String attribute, String... address) {
        ModelNode operation = new ModelNode();
        operation.get("operation").set("read-attribute");
        operation.get("name").set(attribute);
        ModelNode path = operation.get("address").setEmptyList();
        for (int i = 0; i + 1 < address.length; i += 2) {
            path.add(address[i], address[i + 1]);
        }
        return operation;
    }

    /** The lines of this server's {@code server.log} that contain any of {@code patterns}. */
    List<String> log(String... patterns) {
        try (Stream<String> lines = Files.lines(base.resolve("log/server.log"))) {
            return lines.filter(line -> Stream.of(patterns).anyMatch(line::contains)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("cannot read the log of " + name + ": " + e);
        }
    }

    /** Kills a server the test left running (a failed test): nothing of it may outlive the build. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (management != null) {
            management.close();
        }
        if (isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A fresh copy of the installation's standalone/configuration, with the {@code ee} channel over TCP+TCPPING. */
    private void prepareBase(List<Integer> wildFlyJGroupsPorts) {
        Path configuration = base.resolve("configuration");
        try {
            deleteRecursively(base);
            Files.createDirectories(base.resolve("deployments"));
            Path shipped = WildFlyFixture.JBOSS_HOME.resolve("standalone/configuration");
            try (Stream<Path> files = Files.list(shipped)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, Files.createDirectories(configuration).resolve(file.getFileName()));
                }
            }
            Path ha = configuration.resolve("standalone-ha.xml");
            Files.writeString(ha, tcpChannel(Files.readString(ha), wildFlyJGroupsPorts));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + base, e);
        }
    }

    static String tcpChannel(String xml, List<Integer> ports) {
        for (String expected : List.of(EE_CHANNEL_UDP, MPING, BINDINGS_END)) {
            if (!xml.contains(expected)) {
                throw new IllegalStateException("standalone-ha.xml of this WildFly has no " + expected);
            }
        }
        List<String> names = new ArrayList<>();
        StringBuilder outbound = new StringBuilder();
        for (int port : ports) {
            String binding = "ws-it-jgroups-" + port;
            names.add(binding);
            outbound.append("<outbound-socket-binding name=\"").append(binding).append("\"><remote-destination ")
                    .append("host=\"127.0.0.1\" port=\"").append(port).append("\"/></outbound-socket-binding>\n");
        }
        return xml.replace(EE_CHANNEL_UDP, EE_CHANNEL_UDP.replace("\"udp\"", "\"tcp\""))
                .replace(MPING, "<socket-discovery-protocol type=\"TCPPING\" socket-bindings=\""
                        + String.join(" ", names) + "\"/>")
                .replace(BINDINGS_END, outbound + BINDINGS_END);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
