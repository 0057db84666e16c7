package org.wsconnector.it.wildfly;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.it.wildfly.typed.TypedServlet;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Typed observers in a WAR: observers of a sealed {@code @JsonbTypeInfo} event family and of one record of it get
 * the echo server's messages decoded by the server's own JSON-B (Yasson in WildFly; the WAR packages none), after
 * each raw {@code TextMessage}; {@code sendObject} encodes with it; an unknown type and malformed JSON arrive as
 * {@code UndecodableMessage}s (the first logged in one WARNING line, the second within the minute counted), and
 * the client stays OPEN.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyTypedMessagesIT {
    private static final String FLAVOUR = System.getProperty("wildfly.flavour", "WildFly");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String START = "{\"type\":\"StasisStart\",\"channel\":\"PJSIP/1\"}";
    private static final String DTMF = "{\"type\":\"ChannelDtmfReceived\",\"channel\":\"PJSIP/1\",\"digit\":\"5\"}";

    @Deployment(testable = false)
    static WebArchive typed() {
        return WildFlyFixture.typedWar();
    }

    @AfterAll
    static void leaveTheEchoServerToTheUndeploy() {
        WildFlyFixture.retireEcho(); // the undeploy that follows closes our client with 1001
    }

    @Test
    void theServersJsonbDecodesTheFamilyAndSendObjectRoundTripsWhileUndecodableMessagesLeaveTheClientOpen() {
        int logBefore = WildFlyFixture.serverLogSince(0).size();
        JsonObject sent = WildFlyFixture.typed("await=10000&send=true");
        assertThat(sent.containsKey("error")).as("opening and sending: %s", sent).isFalse();
        assertThat(sent.getString("jsonb")).as("the server's JSON-B").startsWith("org.eclipse.yasson.");

        await().atMost(WAIT).until(() -> WildFlyFixture.strings(WildFlyFixture.typed(""), "deliveries").size() >= 8);
        JsonObject seen = WildFlyFixture.typed("");
        assertThat(WildFlyFixture.strings(seen, "deliveries")).as("raw and typed deliveries, in the order sent")
                .containsExactly("text " + START, "event StasisStart[channel=PJSIP/1]",
                        "text " + DTMF, "event ChannelDtmfReceived[channel=PJSIP/1, digit=5]",
                        "text " + TypedServlet.UNKNOWN, "undecodable " + TypedServlet.UNKNOWN,
                        "text " + TypedServlet.MALFORMED, "undecodable " + TypedServlet.MALFORMED);
        assertThat(WildFlyFixture.strings(seen, "starts")).as("the observer of the record alone")
                .containsExactly("PJSIP/1");
        assertThat(WildFlyFixture.strings(seen, "reasons")).hasSize(2).allMatch(reason -> reason.contains("AriEvent"));
        assertThat(seen.getString("state")).isEqualTo("OPEN");

        List<String> warnings = WildFlyFixture.serverLogSince(logBefore).stream()
                .filter(line -> line.contains("matches none of the observed types")).toList();
        warnings.forEach(line -> System.out.println("[" + FLAVOUR + "] server log: " + line));
        assertThat(warnings).as("one WARNING line: the second undecodable message, within the minute, is counted")
                .singleElement().asString().contains("WARN").contains("'ari'");
    }
}
