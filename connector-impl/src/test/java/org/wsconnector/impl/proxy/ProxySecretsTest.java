package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.config.PlatformProxySettings;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;

/**
 * The proxy password and the server's Basic password, and the tokens made of them, appear nowhere: not in any log
 * record at any level (message, parameters, exception chain), not in exception messages or events, not in the
 * configuration's toString.
 */
class ProxySecretsTest {
    static final String USER = "svc-secret";
    static final String PASSWORD = "Pr0xy-Pa55-7f3c9e";
    static final String WRONG_PASSWORD = "Wr0ng-Pa55-b81d2a";
    /** The WebSocket server's own Basic password (username/password keys) must stay as secret as the proxy's. */
    static final String SERVER_PASSWORD = "S3rv3r-Pa55-4e1a07";

    @RegisterExtension
    static final SquidAndEcho bed = new SquidAndEcho(USER, PASSWORD);
    final List<String> captured = new ArrayList<>();
    final Handler capture = new Handler() {
        final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (Thread.currentThread().getName().startsWith("testbed-")) {
                return; // the test's own echo server logs what it received (it is not the connector)
            }
            StringBuilder text = new StringBuilder(formatter.format(record)); // formatted, with the stack trace
            text.append(record.getMessage());
            if (record.getParameters() != null) {
                text.append(Arrays.deepToString(record.getParameters()));
            }
            synchronized (captured) {
                captured.add(text.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Map<Logger, Level> savedLevels = new HashMap<>();


    @BeforeEach
    void captureAllLogging() {
        Logger root = LogManager.getLogManager().getLogger("");
        savedLevels.put(root, root.getLevel());
        root.setLevel(Level.ALL);
        // Loggers with their own level would filter before the root handler sees anything.
        for (String name : List.of("org.wsconnector", "org.glassfish.tyrus", "org.glassfish.grizzly")) {
            Logger logger = Logger.getLogger(name);
            savedLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void restoreLogging() {
        LogManager.getLogManager().getLogger("").removeHandler(capture);
        savedLevels.forEach(Logger::setLevel);
    }

    @Test
    void aSuccessfulProxiedConnectLogsNoProxySecret() throws Exception {
        ClientConfig config;
        try (ConnectorUnderTest client = proxied(keys(PASSWORD))) {
            config = client.connection().config();
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("secret-free");
            assertNoSecretIn(client, config);
        }
        bed.squid().awaitAccess(r -> r.isTunnel() && r.user().isPresent(), 1, Duration.ofSeconds(5));
        assertThat(capturedText()).as("logging was really captured").contains("OPEN");
        assertNoSecretIn(capturedText());
    }

    @Test
    void aRefusedProxiedConnectLogsNoProxySecret() throws Exception {
        ClientConfig config;
        try (ConnectorUnderTest client = proxied(keys(WRONG_PASSWORD))) {
            config = client.connection().config();
            client.connection().open();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.events().failures().size() >= 2);
            assertThat(client.events().causes().get(0)).isInstanceOf(ProxyAuthenticationException.class);
            assertNoSecretIn(client, config);
        }
        assertThat(capturedText()).as("the refusal was logged").contains("407").contains(bed.squid().hostAndPort());
        assertNoSecretIn(capturedText());
    }

    @Test
    void credentialsFromTheEnvironmentsProxyUrlAreLoggedNowhereTheBootsRouteLineIncluded() throws Exception {
        Map<String, String> environment = Map.of("HTTP_PROXY", "http://" + USER + ":" + PASSWORD + "@"
                + bed.squid().hostAndPort());
        Map<String, String> properties = new HashMap<>();
        proxiedKeys(bed.server().uri().toString(), "unused:1").forEach((key, value) -> properties.put(
                "websocket.client." + ConnectorUnderTest.PROXIED + "." + key, value));
        properties.remove("websocket.client." + ConnectorUnderTest.PROXIED + ".proxy.host");
        properties.put("websocket.client." + ConnectorUnderTest.PROXIED + ".proxy.source", "environment");
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, Map.of(), problems,
                PlatformProxySettings.of(environment::get, name -> null, ProxySelector::getDefault));
        assertThat(problems.messages()).isEmpty();
        try (ConnectorUnderTest client = ConnectorUnderTest.withConfiguration(configuration)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("secret-free");
            assertNoSecretIn(client, client.connection().config());
        }
        bed.squid().awaitAccess(r -> r.isTunnel() && r.user().equals(Optional.of(USER)), 1, Duration.ofSeconds(5));
        assertThat(capturedText()).as("the route was logged").contains("proxy route: through http://"
                + bed.squid().hostAndPort() + " from HTTP_PROXY");
        assertNoSecretIn(capturedText());
    }

    private Map<String, String> keys(String password) {
        Map<String, String> keys = proxiedKeys(bed.server().uri().toString(), bed.squid().hostAndPort());
        keys.put("proxy.username", USER);
        keys.put("proxy.password", password);
        keys.put("username", USER);
        keys.put("password", SERVER_PASSWORD);
        keys.put("headers.X-Api-Key", SERVER_PASSWORD);
        keys.put("reconnect.attempts", "unlimited");
        keys.put("reconnect.interval", "50ms");
        return keys;
    }

    private static void assertNoSecretIn(ConnectorUnderTest client, ClientConfig config) {
        StringBuilder text = new StringBuilder();
        text.append(config).append('\n').append(config.proxy().orElseThrow()).append('\n')
                .append(config.proxy().orElseThrow().credentials().orElseThrow()).append('\n')
                .append(client.configuration()).append('\n');
        for (RecordingListener.Recorded event : client.events().recorded()) {
            text.append(event.event()).append('\n');
            event.event().cause().ifPresent(cause -> {
                StringWriter trace = new StringWriter();
                cause.printStackTrace(new PrintWriter(trace)); // every message and toString in the cause chain
                text.append(cause.getMessage()).append('\n').append(cause).append('\n').append(trace);
            });
        }
        assertThat(text.toString()).contains(USER).contains("****");
        assertNoSecretIn(text.toString());
    }

    private static void assertNoSecretIn(String text) {
        for (String password : List.of(PASSWORD, WRONG_PASSWORD, SERVER_PASSWORD)) {
            String token = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
            assertThat(text).doesNotContain(password).doesNotContain(token);
        }
    }

    private String capturedText() {
        synchronized (captured) {
            return String.join("\n", captured);
        }
    }
}
