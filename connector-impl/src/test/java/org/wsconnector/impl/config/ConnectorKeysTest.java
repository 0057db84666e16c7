package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigProblem;
import org.wsconnector.impl.ConnectorConfiguration;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.wsconnector.ConfigProblemCode.INVALID_BOOLEAN;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.ConfigProblemCode.UNRESOLVABLE_VALUE;

/** The connector-wide keys are read and validated with the clients', as problems of no client. */
class ConnectorKeysTest {
    private static final String CLIENT_URI = "websocket.client.echo.uri";
    private final ConfigProblems problems = new ConfigProblems();

    @Test
    void jmxIsOnByDefaultAndOffWithFalseInAnyCase() {
        assertThat(read(Map.of(CLIENT_URI, "ws://127.0.0.1:1/")).settings().jmxEnabled()).isTrue();
        assertThat(read(Map.of(CLIENT_URI, "ws://127.0.0.1:1/", "websocket.connector.jmx.enabled", " FALSE "))
                .settings().jmxEnabled()).isFalse();
        assertThat(problems.messages()).isEmpty();
    }

    @Test
    void everyBadConnectorKeyIsAProblemOfNoClientReportedWithTheClientsProblems() {
        ConnectorConfiguration configuration = read(Map.of(CLIENT_URI, "ftp://nowhere",
                "websocket.connector.jmx.enabled", "yes", "websocket.connector.jmx.enabeld", "true"));
        assertThat(configuration.settings().jmxEnabled()).isTrue();
        assertThat(problems.problems()).filteredOn(problem -> problem.client().isEmpty())
                .extracting(ConfigProblem::code, ConfigProblem::key, ConfigProblem::line).containsExactlyInAnyOrder(
                        tuple(INVALID_BOOLEAN,
                                Optional.of("websocket.connector.jmx.enabled"), "WSCFG0105: connector key "
                                        + "websocket.connector.jmx.enabled, value 'yes': not a boolean; allowed: "
                                        + "true or false"),
                        tuple(UNKNOWN_KEY,
                                Optional.of("websocket.connector.jmx.enabeld"), "WSCFG0002: connector key "
                                        + "websocket.connector.jmx.enabeld, value 'true': unknown key; did you mean "
                                        + "'jmx.enabled'?; allowed: jmx.enabled"));
        assertThat(problems.concern("echo")).isTrue();
    }

    @Test
    void anUnresolvableExpressionIsAProblemNotTheDefault() {
        ConnectorKeys.read(Map.of(), Map.of("websocket.connector.jmx.enabled", "${JMX_ON}"), problems);
        assertThat(problems.problems()).extracting(ConfigProblem::code).containsExactly(UNRESOLVABLE_VALUE);
        assertThat(problems.messages().get(0)).contains("websocket.connector.jmx.enabled", "${JMX_ON}");
    }

    private ConnectorConfiguration read(Map<String, String> properties) {
        return ConnectorConfiguration.read(properties, problems);
    }
}
