package org.wsconnector.it.wildfly;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.QuickstartWarProbe;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's WAR quick start ({@code examples/war-quickstart}) deployed exactly as the root build packaged it — no
 * class or file added — with only what a user sets from outside: the client's URI as a server system property, which
 * MicroProfile Config ranks above the WAR's own {@code microprofile-config.properties}. A text POSTed to its servlet
 * comes back through the injected client and its observer; undeploying closes the client with 1001.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyQuickstartWarIT {
    private static final String QUICKSTART = "war-quickstart";
    private static final String URI_PROPERTY = "websocket.client.echo.uri";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A plain echo server of this class's own: the quick start configures no trust store. */
    private static final EchoServer ECHO = EchoServer.builder().build().start();

    private static final QuickstartWarProbe PROBE = new QuickstartWarProbe(
            WildFlyFixture.HTTP_BASE + "/" + QUICKSTART, ECHO, WAIT);

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    ManagementClient management;

    /** Deployed by the test itself, after the system property is set, so that the undeploy can be watched too. */
    @Deployment(name = QUICKSTART, managed = false, testable = false)
    static WebArchive quickstart() {
        return ShrinkWrap.create(ZipImporter.class, QUICKSTART + ".war").importFrom(QuickstartWarProbe.builtWar())
                .as(WebArchive.class);
    }

    @AfterAll
    static void stopEcho() {
        ECHO.close();
    }

    @Test
    void aPostedTextComesBackThroughTheInjectedClientAndUndeployingSaysGoingAway() throws Exception {
        ModelNode property = Operations.createAddress("system-property", URI_PROPERTY);
        ModelNode add = Operations.createAddOperation(property);
        add.get("value").set(ECHO.uri().toString());
        execute(add);
        String session;
        try {
            deployer.deploy(QUICKSTART);
            try {
                session = PROBE.exchange("hello from the quick start");
            } finally {
                deployer.undeploy(QUICKSTART);
            }
        } finally {
            execute(Operations.createRemoveOperation(property));
        }
        PROBE.assertClosedWithGoingAway(session);
    }

    private void execute(ModelNode operation) throws IOException {
        ModelNode result = management.getControllerClient().execute(operation);
        assertThat(Operations.isSuccessfulOutcome(result)).as("%s: %s", operation, result).isTrue();
    }
}
