package org.wsconnector.it.wildfly;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.it.wildfly.reload.ChangeableConfigSource;
import org.wsconnector.it.wildfly.reload.ReloadServlet;
import org.wsconnector.testbed.EchoServer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live reload in WildFly, as an application triggers it ({@code @Inject ConfigurationReload}) after its MicroProfile
 * configuration changed (a config source of the WAR the test changes through {@link ReloadServlet}): one reload with
 * one changed client ("moved", to a second echo server), one added ("fresh"), one removed ("gone") and one untouched
 * ("kept": its server sees no new upgrade); then an invalid configuration, which changes nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyReloadIT {
    private static final String FLAVOUR = System.getProperty("wildfly.flavour", "WildFly");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EchoServer first;
    private static EchoServer second;

    @Deployment(testable = false)
    static WebArchive reload() {
        first = EchoServer.builder().start();
        second = EchoServer.builder().start();
        StringBuilder initial = new StringBuilder();
        for (String client : List.of("kept", "moved", "gone")) {
            initial.append("websocket.client.").append(client).append(".uri=").append(first.uri()).append('\n');
        }
        return WildFlyFixture.connectorWar("reload.war", ReloadServlet.class.getPackage(), "")
                .addAsResource(new StringAsset(initial.toString()), "reload-initial.properties")
                .addAsResource(new StringAsset(ChangeableConfigSource.class.getName()),
                        "META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource");
    }

    @AfterAll
    static void stopEchoServers() {
        first.close();
        second.close();
    }

    @Test
    void aReloadReconnectsTheChangedClientOpensTheAddedClosesTheRemovedAndLeavesTheOtherAlone() {
        await().atMost(WAIT).until(() -> allOpen(reload("")));
        first.awaitOpenSessions(3, WAIT);
        int upgradesBefore = first.connections().size();

        JsonObject reloaded = reload("set=" + encode("websocket.client.moved.uri=" + second.uri())
                + "&set=" + encode("websocket.client.fresh.uri=" + first.uri()) + "&remove=gone&reload=true");

        JsonObject report = reloaded.getJsonObject("report");
        assertThat(report).as("%s", reloaded).isNotNull();
        assertThat(WildFlyFixture.strings(report, "added")).containsExactly("fresh");
        assertThat(WildFlyFixture.strings(report, "removed")).containsExactly("gone");
        assertThat(WildFlyFixture.strings(report, "reconnected")).containsExactly("moved");
        assertThat(WildFlyFixture.strings(report, "unchanged")).containsExactly("kept");
        second.awaitOpenSessions(1, WAIT);
        await().atMost(WAIT).until(() -> first.connections().stream().filter(c -> c.clientClosedWith(1000)).count()
                == 2); // moved and gone, each with a close frame 1000
        first.awaitOpenSessions(2, WAIT); // kept, untouched, and fresh
        assertThat(first.connections()).as("one new upgrade at the first server: fresh's").hasSize(upgradesBefore + 1);
        JsonObject after = reload("");
        assertThat(after.getString("kept")).isEqualTo("OPEN");
        await().atMost(WAIT).until(() -> reload("").getString("moved").equals("OPEN"));
        assertThat(after.getString("movedUri")).isEqualTo(second.uri().toString());
        assertThat(after.getString("gone")).isEqualTo("CLOSED");
        assertThat(after.getString("goneOpen")).contains("removed from the configuration by a reload");
        report("reload: " + report + "; after: " + after);

        JsonObject refused = reload("set=" + encode("websocket.client.kept.ping.interval=20")
                + "&set=" + encode("websocket.client.extra.uri=ftp://127.0.0.1/") + "&reload=true");

        assertThat(WildFlyFixture.strings(refused, "problems")).as("%s", refused).hasSize(2)
                .anyMatch(line -> line.startsWith("WSCFG0101: client 'kept'"))
                .anyMatch(line -> line.contains("client 'extra'"));
        assertThat(first.connections()).as("nothing changed").hasSize(upgradesBefore + 1);
        assertThat(second.connections()).hasSize(1);
        assertThat(refused.getString("kept")).isEqualTo("OPEN");
        report("refused: " + refused.getJsonArray("problems"));
    }

    private static boolean allOpen(JsonObject status) {
        return List.of("kept", "moved", "gone").stream().allMatch(client -> status.getString(client).equals("OPEN"));
    }

    private static JsonObject reload(String query) {
        return WildFlyFixture.getJson("/reload/reload" + (query.isEmpty() ? "" : "?" + query));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void report(String line) {
        System.out.println("[" + FLAVOUR + "] " + line);
    }
}
