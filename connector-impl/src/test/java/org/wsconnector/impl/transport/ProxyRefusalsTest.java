package org.wsconnector.impl.transport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ProxyException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.ConnectorUnderTest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose failure a proxy's 5xx is, from what the proxy says besides its status: squid's {@code X-Squid-Error} names
 * the target's failure (ERR_CONNECT_FAIL with the system error, ERR_DNS_FAIL) or its own (ERR_SHUTTING_DOWN, …).
 * Without the header the status decides, as before. The real squid case is in {@code SquidRefusalTest}.
 */
class ProxyRefusalsTest {
    private static final ClientConfig CONFIG = ConnectorUnderTest.configuration(ConnectorUnderTest.properties("ari",
            "uri", "ws://pbx.example:8088/ari", "proxy.host", "proxy.example:3128")).clients().get("ari");

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "503 Service Unavailable | ERR_CONNECT_FAIL 111 | target | the target refused the connection",
            "503 Service Unavailable | ERR_CONNECT_FAIL 110 | target | the connection to the target timed out",
            "503 Service Unavailable | ERR_CONNECT_FAIL 113 | target | no route to the target's host",
            "503 Service Unavailable | ERR_CONNECT_FAIL 7    | target | the proxy could not connect to the target",
            "503 Service Unavailable | ERR_DNS_FAIL 0        | target | the proxy could not resolve the target's host",
            "502 Bad Gateway         | ERR_CONNECT_FAIL 111 | target | the target refused the connection",
            "503 Service Unavailable | ERR_SHUTTING_DOWN     | proxy  | is unavailable (ERR_SHUTTING_DOWN, HTTP/1.1 503",
            "503 Service Unavailable | -                     | proxy  | is unavailable (HTTP/1.1 503 Service Unavailable)",
            "502 Bad Gateway         | -                     | proxy  | could not reach pbx.example:8088 (HTTP/1.1 502",
            "403 Forbidden           | ERR_ACCESS_DENIED 0   | proxy  | refused the tunnel by its policy (ERR_ACCESS_DEN",
            "503 Service Unavailable | not-a-squid-error     | proxy  | is unavailable (HTTP/1.1 503 Service Unavailable)"})
    void aSquidErrorNamingTheTargetMakesItTheTargetsFailure(String status, String squidError, String side,
                                                           String says) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (squidError != null) {
            headers.put("x-squid-error", List.of(squidError));
        }
        HttpHead reply = new HttpHead("HTTP/1.1 " + status, Integer.parseInt(status.substring(0, 3)), headers);

        WebSocketConnectorException failure = ProxyRefusals.of(CONFIG, CONFIG.proxy().orElseThrow(), reply, false);

        assertThat(failure.getMessage()).contains(says);
        if (side.equals("target")) {
            assertThat(failure).isInstanceOf(ConnectFailedException.class).isNotInstanceOf(ProxyException.class);
            assertThat(failure.getMessage()).startsWith("[ari] cannot reach pbx.example:8088 through proxy "
                    + "proxy.example:3128: ").contains("(the proxy reported " + squidError + ", HTTP/1.1 " + status);
        } else {
            assertThat(failure).isInstanceOf(ProxyException.class);
            assertThat(((ProxyException) failure).statusLine()).contains("HTTP/1.1 " + status);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"ERR_CONNECT_FAIL\u001b[31m 111", "ERR_CONNECT_FAIL\r\n 111"})
    void aHeaderCarryingControlCharactersIsEscapedInTheMessage(String squidError) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("X-Squid-Error", List.of(squidError));
        HttpHead reply = new HttpHead("HTTP/1.1 503 Service Unavailable", 503, headers);

        String message = ProxyRefusals.of(CONFIG, CONFIG.proxy().orElseThrow(), reply, false).getMessage();

        assertThat(message).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\n");
    }
}
