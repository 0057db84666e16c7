package org.wsconnector.cdi;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigurationException;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.wsconnector.ConfigProblemCode.FILE_NOT_FOUND;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_VALUE;
import static org.wsconnector.cdi.BootFailures.configurationFailure;

/**
 * A Kerberos login the connector could never use fails the deployment, with the other problems of the boot: a
 * keytab that does not exist, a JAAS entry the JVM does not have. No KDC is asked for that.
 */
class KerberosBootValidationTest {

    @Test
    void aMissingKeytabAndAnUnknownJaasEntryFailTheBootEachOnItsKey() {
        Map<String, String> properties = new HashMap<>();
        properties.put("websocket.client.ari.uri", "wss://pbx.example.com:8089/ari");
        properties.put("websocket.client.ari.proxy.host", "proxy.corp.example:3128");
        properties.put("websocket.client.ari.proxy.kerberos.principal", "svc-ari@CORP.EXAMPLE");
        properties.put("websocket.client.ari.proxy.kerberos.keytab", "/nonexistent/svc-ari.keytab");
        properties.put("websocket.client.feed.uri", "wss://feed.example.com/stream");
        properties.put("websocket.client.feed.proxy.host", "proxy.corp.example:3128");
        properties.put("websocket.client.feed.proxy.kerberos.jaas-entry", "no-such-entry");

        ConfigurationException failure = configurationFailure(properties);

        assertThat(failure.problems()).extracting(p -> tuple(p.client().orElse(null), p.key().orElse(null),
                p.code())).containsExactlyInAnyOrder(
                tuple("ari", "websocket.client.ari.proxy.kerberos.keytab", FILE_NOT_FOUND),
                tuple("feed", "websocket.client.feed.proxy.kerberos.jaas-entry", UNKNOWN_VALUE));
        assertThat(failure.getMessage()).contains("WSCFG0301").contains("/nonexistent/svc-ari.keytab")
                .contains("WSCFG0106").contains("no-such-entry");
    }
}
