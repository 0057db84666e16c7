package org.wsconnector.it.payara;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.QuickstartWarProbe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's WAR quick start ({@code examples/war-quickstart}) deployed to Payara Server 6 exactly as the root build
 * packaged it, its client's URI set from outside as a server system property ({@code asadmin
 * create-system-properties}), which MicroProfile Config ranks above the WAR's own file. A text POSTed to its servlet
 * comes back through the injected client and its observer; undeploying closes the client with 1001.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraQuickstartWarTest {
    private static final String QUICKSTART = "war-quickstart";
    private static final String SERVER_UP = "server-up";
    private static final String URI_PROPERTY = "websocket.client.echo.uri";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final EchoServer ECHO = EchoServer.builder().build().start();

    private static final QuickstartWarProbe PROBE = new QuickstartWarProbe(
            "http://127.0.0.1:" + System.getProperty("payara.http.port") + "/" + QUICKSTART, ECHO, WAIT);

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = QUICKSTART, managed = false, testable = false)
    static WebArchive quickstart() {
        return ShrinkWrap.create(ZipImporter.class, QUICKSTART + ".war").importFrom(QuickstartWarProbe.builtWar())
                .as(WebArchive.class);
    }

    /**
     * Payara's Arquillian container starts the domain at the first deployment, and asadmin needs a running domain:
     * this empty WAR is deployed first when this class runs before any other.
     */
    @Deployment(name = SERVER_UP, managed = false, testable = false)
    static WebArchive serverUp() {
        return ShrinkWrap.create(WebArchive.class, SERVER_UP + ".war")
                .addAsWebResource(new StringAsset("up"), "index.txt"); // ShrinkWrap exports no empty archive
    }

    @AfterAll
    static void stopEcho() {
        ECHO.close();
    }

    @Test
    void aPostedTextComesBackThroughTheInjectedClientAndUndeployingSaysGoingAway() throws Exception {
        deployer.deploy(SERVER_UP);
        deployer.undeploy(SERVER_UP);
        // asadmin splits name=value pairs on ':'; the URI's own colons are escaped.
        asadmin("create-system-properties", URI_PROPERTY + "=" + ECHO.uri().toString().replace(":", "\\:"));
        String session;
        try {
            deployer.deploy(QUICKSTART);
            try {
                session = PROBE.exchange("hello from the quick start on payara");
            } finally {
                deployer.undeploy(QUICKSTART);
            }
        } finally {
            asadmin("delete-system-property", URI_PROPERTY);
        }
        PROBE.assertClosedWithGoingAway(session);
    }

    private static void asadmin(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("payara.home"), "bin", "asadmin").toString(),
                "--host", "127.0.0.1", "--port", System.getProperty("payara.admin.port")));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("asadmin %s ended", line).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("asadmin %s: %s", line, output).isZero();
    }
}
