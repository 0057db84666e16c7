package org.wsconnector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wsconnector.ConfigProblemCode.INVALID_DURATION;
import static org.wsconnector.ConfigProblemCode.MISSING_KEY;
import static org.wsconnector.ConfigProblemCode.UNQUALIFIED_INJECTION_POINT;

class ConfigurationExceptionTest {
    private static final ConfigProblem ARI_TIMEOUT = new ConfigProblem(INVALID_DURATION, Optional.of("ari"),
            Optional.of("websocket.client.ari.connection-timeout"),
            "client 'ari', key websocket.client.ari.connection-timeout, value '10': a bare number has no unit");
    private static final ConfigProblem FEED_URI = new ConfigProblem(MISSING_KEY, Optional.of("feed"),
            Optional.of("websocket.client.feed.uri"),
            "client 'feed', key websocket.client.feed.uri: required key is missing");

    @Test
    void isAConnectorExceptionWhoseMessageListsEveryProblemLineStartingWithItsCode() {
        ConfigurationException failure = new ConfigurationException(List.of(ARI_TIMEOUT, FEED_URI));

        assertThat(failure).isInstanceOf(WebSocketConnectorException.class);
        assertThat(failure.getMessage()).isEqualTo("2 ws-connector configuration problem(s):\n"
                + "  - WSCFG0101: client 'ari', key websocket.client.ari.connection-timeout, value '10': a bare number "
                + "has no unit\n"
                + "  - WSCFG0001: client 'feed', key websocket.client.feed.uri: required key is missing");
        assertThat(failure.reason()).isEqualTo(failure.getMessage());
    }

    @Test
    void namesItsClientOnlyWhenAllProblemsConcernTheSameOne() {
        assertThat(new ConfigurationException(List.of(ARI_TIMEOUT)).client()).isEqualTo("ari");
        ConfigurationException twoClients = new ConfigurationException(List.of(ARI_TIMEOUT, FEED_URI));
        assertThat(twoClients.client()).isEmpty();
        assertThat(twoClients.clients()).containsExactly("ari", "feed");
        ConfigurationException noClient = new ConfigurationException(List.of(new ConfigProblem(
                UNQUALIFIED_INJECTION_POINT, Optional.empty(), Optional.empty(), "injection point x needs a name")));
        assertThat(noClient.client()).isEmpty();
        assertThat(noClient.clients()).isEmpty();
    }

    @Test
    void itsProblemsAreACopyThatCannotBeChanged() {
        List<ConfigProblem> problems = new ArrayList<>(List.of(ARI_TIMEOUT));
        ConfigurationException failure = new ConfigurationException(problems);
        problems.add(FEED_URI);

        assertThat(failure.problems()).containsExactly(ARI_TIMEOUT);
        assertThatThrownBy(() -> failure.problems().add(FEED_URI)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aConfigurationExceptionWithoutProblemsIsAProgrammingError() {
        assertThatThrownBy(() -> new ConfigurationException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
