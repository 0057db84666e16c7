package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.config.ClientConfigReader.ClientReading;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConfigProblemCode.CONFLICTING_KEYS;
import static org.wsconnector.ConfigProblemCode.IGNORED_KEYS;
import static org.wsconnector.ConfigProblemCode.INVALID_NO_PROXY;
import static org.wsconnector.ConfigProblemCode.NO_PLATFORM_PROXY;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_VALUE;
import static org.wsconnector.ConfigProblemCode.UNUSABLE_PLATFORM_PROXY;

/**
 * How a client's route is chosen at boot: proxy.host, the environment's and the JVM's proxy settings
 * ({@link FakePlatform}: supplied values, the process untouched), proxy.no-proxy, and what is a boot error.
 */
class ProxyRouteTest {
    private static final String SECRET = "Env-Pr0xy-S3cret";
    private final ConfigProblems problems = new ConfigProblems();
    private final FakePlatform platform = new FakePlatform();

    private ClientReading read(String uri, String... keysAndValues) {
        return read(problems, uri, keysAndValues);
    }

    private ClientReading read(ConfigProblems into, String uri, String... keysAndValues) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("websocket.client.c.uri", uri);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("websocket.client.c." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return ClientConfigReader.readEach(properties, Map.of(), into, platform.settings).get(0);
    }

    private ProxyConfig proxyOf(ClientReading reading) {
        assertThat(problems.messages()).as("problems").isEmpty();
        return reading.config().flatMap(ClientConfig::proxy).orElseThrow();
    }

    private void assertDirect(ClientReading reading, String decisionPart) {
        assertThat(problems.messages()).as("problems").isEmpty();
        assertThat(reading.config().orElseThrow().proxy()).isEmpty();
        assertThat(reading.route()).hasValueSatisfying(route -> assertThat(route).startsWith("direct")
                .contains(decisionPart));
    }

    private void assertOnlyProblem(ConfigProblemCode code, String key) {
        assertThat(problems.problems()).extracting(p -> p.code(), p -> p.key().orElse(""))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(code, "websocket.client.c." + key));
    }

    @Test
    void theEnvironmentsHttpsProxyCarriesCredentialsThatAreMaskedEverywhere() {
        platform.env("HTTPS_PROXY", "http://svc%40corp:" + SECRET + "@proxy.corp.example:3128/");
        ClientReading reading = read("wss://pbx.example.com:8089/ari", "proxy.source", "environment");

        ProxyConfig proxy = proxyOf(reading);
        assertThat(proxy.address()).isEqualTo("proxy.corp.example:3128");
        assertThat(proxy.secure()).isFalse();
        assertThat(proxy.credentials().orElseThrow().username()).isEqualTo("svc@corp");
        assertThat(proxy.credentials().orElseThrow().password().reveal()).isEqualTo(SECRET);
        assertThat(reading.route()).hasValue("through http://proxy.corp.example:3128 from HTTPS_PROXY "
                + "(proxy.source=environment, environment), as user svc@corp");
        assertThat(proxy.toString()).doesNotContain(SECRET);
        assertThat(reading.config().orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void lowerCaseVariablesWinAndWsUsesHttpProxyNotHttpsProxy() {
        platform.env("http_proxy", "lower.example:8080").env("HTTP_PROXY", "upper.example:8080")
                .env("HTTPS_PROXY", "tls.example:3128");
        assertThat(proxyOf(read("ws://pbx.example.com/ari", "proxy.source", "environment")).address())
                .isEqualTo("lower.example:8080");
    }

    @Test
    void anHttpsProxyUrlMeansTlsToTheProxyOnPort443ByDefault() {
        platform.env("https_proxy", "https://proxy.corp.example");
        ProxyConfig proxy = proxyOf(read("wss://pbx.example.com/ari", "proxy.source", "environment"));
        assertThat(proxy.port()).isEqualTo(443);
        assertThat(proxy.secure()).isTrue();
        assertThat(proxy.tls().orElseThrow().verifyServerHostname()).isTrue();
    }

    @ParameterizedTest(name = "NO_PROXY={0}: {1} goes {2}")
    @CsvSource(delimiter = '|', value = {
            "'.corp.example'                | wss://pbx.corp.example/ari       | direct",
            "'corp.example'                 | wss://corp.example/ari           | direct",
            "'*.corp.example'               | wss://a.b.corp.example/ari       | direct",
            "'10.0.0.0/8'                   | wss://10.20.30.40/ari            | direct",
            "'fd00::/8'                     | wss://[fd12::1]/ari              | direct",
            "'::1'                          | wss://[::1]:8089/ari             | direct",
            "'192.168.1.7'                  | wss://192.168.1.7/ari            | direct",
            "'*'                            | wss://anything.example/ari       | direct",
            "'other.example, .corp.example' | wss://pbx.corp.example/ari       | direct",
            "'.corp.example'                | wss://pbx.corp.example.evil/ari  | through the proxy",
            "'corp.example'                 | wss://notcorp.example/ari        | through the proxy",
            "'10.0.0.0/8'                   | wss://11.0.0.1/ari               | through the proxy",
            "'10.0.0.0/8'                   | wss://ten.example/ari            | through the proxy",
            "'fd00::/8'                     | wss://[fe80::1]/ari              | through the proxy",
            "'192.168.1.7'                  | wss://192.168.1.70/ari           | through the proxy"})
    void noProxyEntriesSendMatchingHostsDirectAndLeaveOthersToTheProxy(String noProxy, String uri, String route) {
        platform.env("HTTPS_PROXY", "proxy.corp.example:3128").env("NO_PROXY", noProxy);
        ClientReading reading = read(uri, "proxy.source", "environment");
        if (route.equals("direct")) {
            assertDirect(reading, "NO_PROXY entry");
        } else {
            assertThat(proxyOf(reading).address()).isEqualTo("proxy.corp.example:3128");
        }
    }

    @Test
    void proxyNoProxyAppliesToAnExplicitProxyHostToo() {
        assertDirect(read("wss://pbx.corp.example/ari", "proxy.host", "proxy.corp.example:3128",
                "proxy.no-proxy", ".corp.example"), "proxy.no-proxy entry '.corp.example'");
        assertThat(problems.messages()).isEmpty();
        assertThat(proxyOf(read("wss://pbx.elsewhere.example/ari", "proxy.host", "proxy.corp.example:3128",
                "proxy.no-proxy", ".corp.example")).address()).isEqualTo("proxy.corp.example:3128");
    }

    @Test
    void aSourceThatDefinesNothingIsABootErrorUnlessDirectIsAllowed() {
        read("wss://pbx.example.com/ari", "proxy.source", "environment,jvm");
        assertOnlyProblem(NO_PLATFORM_PROXY, "proxy.source");
        assertThat(problems.messages().get(0)).contains("https_proxy/HTTPS_PROXY").contains("none");

        ConfigProblems fresh = new ConfigProblems();
        ClientReading allowed = read(fresh, "wss://pbx.example.com/a", "proxy.source", "environment, jvm, none");
        assertThat(fresh.messages()).isEmpty();
        assertThat(allowed.config().orElseThrow().proxy()).isEmpty();
        assertThat(allowed.route()).hasValue("direct (proxy.source=environment, jvm, none)");
    }

    @Test
    void theJvmsPropertiesAreReadAndItsDefaultNonProxyHostsExemptLoopback() {
        platform.property("https.proxyHost", "proxy.corp.example").property("https.proxyPort", "3129");
        ProxyConfig proxy = proxyOf(read("wss://pbx.example.com/ari", "proxy.source", "jvm"));
        assertThat(proxy.address()).isEqualTo("proxy.corp.example:3129");
        assertDirect(read("wss://127.0.0.1:8089/ari", "proxy.source", "jvm"), "http.nonProxyHosts entry '127.*'");
        platform.property("http.nonProxyHosts", "*.corp.example|localhost");
        assertDirect(read("wss://pbx.corp.example/ari", "proxy.source", "jvm"), "'*.corp.example'");
        assertThat(proxyOf(read("wss://127.0.0.1:8089/ari", "proxy.source", "jvm")).port()).isEqualTo(3129);
    }

    @Test
    void theFirstSourceThatDefinesAProxyWins() {
        platform.property("https.proxyHost", "jvm.example").env("HTTPS_PROXY", "env.example:3128");
        assertThat(proxyOf(read("wss://pbx.example.com/ari", "proxy.source", "environment,jvm")).host())
                .isEqualTo("env.example");
        assertThat(proxyOf(read("wss://pbx.example.com/ari", "proxy.source", "jvm,environment")).host())
                .isEqualTo("jvm.example");
    }

    @Test
    void anApplicationsProxySelectorIsAskedWithTheSchemeOfTheClient() {
        platform.selector(List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("sel.example", 8080))));
        ProxyConfig proxy = proxyOf(read("wss://pbx.example.com:8089/ari", "proxy.source", "jvm"));
        assertThat(proxy.address()).isEqualTo("sel.example:8080");
        assertThat(platform.selected).containsExactly(URI.create("https://pbx.example.com:8089/"));
    }

    @Test
    void aSelectorAnsweringDirectDefinesNothingAndSocksIsRefused() {
        platform.property("java.net.useSystemProxies", "true").selector(List.of(Proxy.NO_PROXY));
        read("wss://pbx.example.com/ari", "proxy.source", "jvm");
        assertOnlyProblem(NO_PLATFORM_PROXY, "proxy.source");

        ConfigProblems fresh = new ConfigProblems();
        platform.selector(List.of(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("s.example", 1080))));
        read(fresh, "wss://pbx.example.com/a", "proxy.source", "jvm,none");
        assertThat(fresh.problems()).extracting(p -> p.code()).containsExactly(UNUSABLE_PLATFORM_PROXY);
        assertThat(fresh.messages().get(0)).contains("SOCKS");
    }

    @ParameterizedTest(name = "HTTPS_PROXY={0}")
    @CsvSource({"socks5://u:" + SECRET + "@proxy.example:1080", "http://u:" + SECRET + "@proxy.example:3128/path",
            "http://u:" + SECRET + "@pro xy.example:3128", "http://:" + SECRET + "@proxy.example:3128"})
    void anUnusableEnvironmentValueIsABootErrorThatNeverShowsItsPassword(String value) {
        platform.env("HTTPS_PROXY", value);
        read("wss://pbx.example.com/ari", "proxy.source", "environment,none");
        assertOnlyProblem(UNUSABLE_PLATFORM_PROXY, "proxy.source");
        assertThat(problems.messages().get(0)).contains("HTTPS_PROXY").doesNotContain(SECRET);
    }

    @Test
    void anExplicitProxyHostIsNeverReplacedByThePlatformsSettings() {
        platform.env("HTTPS_PROXY", "env.example:3128");
        read("wss://pbx.example.com/ari", "proxy.host", "proxy.corp.example:3128", "proxy.source", "environment");
        assertOnlyProblem(CONFLICTING_KEYS, "proxy.source");
    }

    @ParameterizedTest(name = "proxy.source={0}")
    @CsvSource(delimiter = '|', value = {"socks", "config,jvm", "none,jvm", "jvm,jvm", "''", "jvm,none,environment"})
    void invalidSourceListsAreRefused(String sources) {
        read("wss://pbx.example.com/ari", "proxy.source", sources);
        assertThat(problems.problems()).extracting(p -> p.code()).containsExactly(UNKNOWN_VALUE);
    }

    @ParameterizedTest(name = "proxy.no-proxy={0}")
    @CsvSource(delimiter = '|', value = {"proxy.example:3128", "http://corp.example", "10.0.0.0/33", "10.0.0.0/x",
            "corp*.example", "999.1.1.1"})
    void invalidNoProxyEntriesAreRefused(String noProxy) {
        read("wss://pbx.example.com/ari", "proxy.host", "proxy.corp.example:3128", "proxy.no-proxy", noProxy);
        assertOnlyProblem(INVALID_NO_PROXY, "proxy.no-proxy");
    }

    @Test
    void proxyTlsKeysWithAPlainProxyOrWithoutAnyProxyWouldBeIgnored() {
        read("wss://pbx.example.com/ari", "proxy.host", "proxy.corp.example:3128", "proxy.tls.verify-hostname",
                "false");
        assertOnlyProblem(IGNORED_KEYS, "proxy.tls");
        ConfigProblems fresh = new ConfigProblems();
        read(fresh, "wss://pbx.example.com/a", "proxy.tls", "true");
        assertThat(fresh.problems()).extracting(p -> p.code()).containsExactly(IGNORED_KEYS);
    }

    @Test
    void proxyTlsKeepsProxyHostAndTakesItsOwnTrustSettings() {
        ProxyConfig proxy = proxyOf(read("wss://pbx.example.com/ari", "proxy.host", "proxy.corp.example:3129",
                "proxy.tls", "true", "proxy.tls.verify-hostname", "false"));
        assertThat(proxy.secure()).isTrue();
        assertThat(proxy.displayUri()).isEqualTo("https://proxy.corp.example:3129");
        assertThat(proxy.tls().orElseThrow().verifyServerHostname()).isFalse();
        assertThat(proxy.tls().orElseThrow().caFile()).isEqualTo(Optional.empty());
    }

    @Test
    void explicitCredentialsWinOverUserInfoInTheProxyUrl() {
        platform.env("HTTPS_PROXY", "http://env-user:" + SECRET + "@proxy.example:3128");
        ProxyConfig proxy = proxyOf(read("wss://pbx.example.com/ari", "proxy.source", "environment",
                "proxy.username", "svc", "proxy.password", "configured"));
        assertThat(proxy.credentials().orElseThrow().username()).isEqualTo("svc");
    }
}
