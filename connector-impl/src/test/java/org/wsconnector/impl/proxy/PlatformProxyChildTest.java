package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wsconnector.testbed.Squid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real path of the platform's proxy settings: a child JVM per case, its environment set with
 * {@link ProcessBuilder#environment()} or its system properties on its command line, boots a client with
 * {@code proxy.source} and echoes through a real squid (or directly, when exempt). squid's access log shows who
 * went through it; the child's whole output (the boot's INFO route line included) never shows the password.
 */
class PlatformProxyChildTest {
    static final String USER = "svc-platform";
    static final String PASSWORD = "Platform-Pr0xy-Pa55";

    @RegisterExtension
    static final SquidAndEcho bed = new SquidAndEcho(USER, PASSWORD);

    @Test
    void httpProxyFromTheRealEnvironmentWithUserInfoAsCredentials() throws Exception {
        String output = runChild(Map.of("HTTP_PROXY", "http://" + USER + ":" + PASSWORD + "@"
                + bed.squid().hostAndPort(), "NO_PROXY", "example.invalid"), List.of(), "proxy.source=environment");

        assertThat(output).contains("ECHOED hello from the child")
                .contains("proxy route: through http://" + bed.squid().hostAndPort() + " from HTTP_PROXY")
                .doesNotContain(PASSWORD);
        assertTunnelledAs(Optional.of(USER));
    }

    @Test
    void httpProxyHostFromTheJvmsSystemProperties() throws Exception {
        String output = runChild(Map.of(), List.of("-Dhttp.proxyHost=127.0.0.1",
                "-Dhttp.proxyPort=" + bed.squid().port(), "-Dhttp.nonProxyHosts=example.invalid"),
                "proxy.source=jvm", "proxy.username=" + USER, "proxy.password=" + PASSWORD);

        assertThat(output).contains("ECHOED hello from the child").contains("from http.proxyHost")
                .doesNotContain(PASSWORD);
        assertTunnelledAs(Optional.of(USER));
    }

    @Test
    void noProxyInTheRealEnvironmentSendsTheClientDirect() throws Exception {
        int connectsBefore = connects();
        String output = runChild(Map.of("HTTP_PROXY", bed.squid().hostAndPort(), "NO_PROXY", "localhost,127.0.0.0/8"),
                List.of(), "proxy.source=environment");

        assertThat(output).contains("ECHOED hello from the child")
                .contains("proxy route: direct: the host matches NO_PROXY entry '127.0.0.0/8'");
        assertThat(connects()).isEqualTo(connectsBefore);
    }

    @Test
    void anEnvironmentWithoutProxyFailsTheBootUnlessDirectIsAllowed() throws Exception {
        String refused = runChild(Map.of(), List.of(), "proxy.source=environment");
        assertThat(refused).contains("FAILED").contains("WSCFG0210");
        String allowed = runChild(Map.of(), List.of(), "proxy.source=environment,none");
        assertThat(allowed).contains("ECHOED hello from the child").contains("proxy route: direct (proxy.source=");
    }

    private void assertTunnelledAs(Optional<String> user) {
        String target = "127.0.0.1:" + bed.server().port();
        List<Squid.AccessRecord> tunnels = bed.squid().awaitAccess(r -> r.isTunnel() && r.target().equals(target)
                && r.user().equals(user), 1, Duration.ofSeconds(5));
        assertThat(tunnels).isNotEmpty();
    }

    private int connects() {
        return bed.squid().connectsTo("127.0.0.1:" + bed.server().port()).size();
    }

    /** Runs the child with exactly these proxy variables (inherited ones removed) and returns its output. */
    private String runChild(Map<String, String> environment, List<String> jvmOptions, String... keys)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmOptions);
        command.add(PlatformProxyChild.class.getName());
        command.add("uri=" + bed.server().uri());
        command.addAll(List.of(keys));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        for (String name : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY",
                "all_proxy", "ALL_PROXY")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(environment);
        Process child = builder.start();
        byte[] output = child.getInputStream().readAllBytes(); // ends when the child exits
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println(text);
        return text;
    }
}
