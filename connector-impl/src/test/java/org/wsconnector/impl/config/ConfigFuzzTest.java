package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.FuzzSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Seeded, bounded mutations of realistic configurations through the reader: whatever the input, the reader returns
 * problems and never throws, never fails unforeseen ({@code WSCFG0008} would be a defect it hid), never shows a
 * planted secret or a raw control character, and every client it accepts lies within the ranges the engine can run.
 *
 * <p>{@code -Dfuzz.iterations=N} (5,000 by default), {@code -Dfuzz.seed=S}, and {@code -Dfuzz.iteration=I} to replay
 * the one iteration a failure names; each iteration has a random generator of its own, so it replays alone.
 */
class ConfigFuzzTest {
    private static final FuzzSettings FUZZ = FuzzSettings.read(20_261_203L, 5_000);
    private static final int MAX_MUTATIONS = 3;

    private static final List<String> HOSTILE = List.of("", " ", "0", "-1", "+5", "1e309", "NaN", "Infinity",
            "0x10", "9999999999999999h", "9999999999999999s", "99999999999999999999999999999ms", "P106751991167300D",
            "PT0.0001S", "-PT1S", "PT1.5S", "17179869185GiB", "99999999999999999999", "2147483648", "1.5", "1,5",
            "10 s", "10S", "1H", "pt20s", "16MB", "0KiB", "\u0000", "a\r\nInjected: yes", "\u001b[31mred",
            "\u2028", "a\u202Eb", "\u2067x\u2069", "ho st:80", "proxy:99999", "[::1]:80", "[::1:80", "http://proxy:80",
            ":80", "proxy:",
            "ws://127.0.0.1:99999/", "ws://", "wss://user:pw@h/", "wss://h/#frag", "wss://h/?token=t", "ftp://h/",
            "true", "TRUE", "yes", "unlimited", "on-demand", "PKCS12", "jks", "TLSv1.3,TLSv1.3", "TLSv9",
            "/dev/null", "/nonexistent/\u0000/x.pem", "${UNSET_FOR_FUZZ}", "x".repeat(3000), "ü", "\uD800");
    private static final List<String> KNOWN_KEYS = new ArrayList<>(ClientKeys.ALL);
    /** Keys that are or resemble secret keys, under which the fuzzer plants secrets; never mutated themselves. */
    private static final List<String> SECRET_KEYS = List.of("password", "proxy.password", "tls.trust-store-password",
            "tls.key-store-password", "pasword", "passwd", "PASSWORD", "password ", " Password", "proxy.pasword",
            "tls.key-store-passwd", "tls.trust-store-pass", "api-token", "client-secret", "proxy.pwd", "secert",
            "headers.Authorization", "headers.X-Api-Key", "headers.Cookie");

    private record Input(Map<String, String> properties, Map<String, String> unresolved, Set<String> secrets) {
    }

    @Test
    void noInputMakesTheReaderThrowShowASecretOrAcceptWhatTheEngineCannotRun() {
        Map<ConfigProblemCode, Integer> seen = new EnumMap<>(ConfigProblemCode.class);
        int accepted = 0;
        long started = System.nanoTime();
        for (int iteration : FUZZ.run().toArray()) {
            Input input = generate(FUZZ.random(iteration));
            try {
                ConfigProblems problems = new ConfigProblems();
                List<ClientConfigReader.ClientReading> clients =
                        ClientConfigReader.readEach(input.properties(), input.unresolved(), problems);
                check(input, problems, clients);
                problems.problems().forEach(problem -> seen.merge(problem.code(), 1, Integer::sum));
                accepted += (int) clients.stream().filter(client -> client.config().isPresent()).count();
            } catch (Throwable failure) {
                fail(FUZZ.replay(iteration) + ": properties " + SafeText.escape(
                        String.valueOf(input.properties())) + " unresolved " + input.unresolved() + ": " + failure,
                        failure);
            }
        }
        System.out.printf(Locale.ROOT, "ConfigFuzzTest: %s, %d ms, %d clients accepted, problems by code %s%n", FUZZ,
                (System.nanoTime() - started) / 1_000_000, accepted, seen);
        if (FUZZ.run().count() >= 1_000) {
            // The mutations are worth something only if they reach most kinds of problem.
            assertThat(seen.keySet()).hasSizeGreaterThanOrEqualTo(15);
        }
    }

    private static void check(Input input, ConfigProblems problems, List<ClientConfigReader.ClientReading> clients) {
        for (ConfigProblem problem : problems.problems()) {
            assertThat(problem.code()).as("an unforeseen failure: %s", problem.line())
                    .isNotEqualTo(ConfigProblemCode.UNEXPECTED_FAILURE);
            String line = problem.line();
            for (String secret : input.secrets()) {
                assertThat(line).as("a planted secret in a message").doesNotContain(secret);
            }
            assertThat(line.chars().noneMatch(c -> c < 0x20 || c == 0x7F)).as("control character in %s",
                    SafeText.escape(line)).isTrue();
        }
        for (ClientConfigReader.ClientReading client : clients) {
            client.config().ifPresent(ConfigFuzzTest::assertRunnable);
        }
    }

    /** What the engine relies on in an accepted client. */
    private static void assertRunnable(ClientConfig config) {
        assertWithin(config.connectionTimeout(), Defaults.CONNECTION_TIMEOUT_RANGE);
        assertWithin(config.closeTimeout(), Defaults.CLOSE_TIMEOUT_RANGE);
        assertWithin(config.writeTimeout(), Defaults.WRITE_TIMEOUT_RANGE);
        assertWithin(config.reconnect().interval(), Defaults.RECONNECT_INTERVAL_RANGE);
        assertWithin(config.reconnect().maxInterval(), Defaults.RECONNECT_MAX_INTERVAL_RANGE);
        assertThat(config.reconnect().maxInterval()).isGreaterThanOrEqualTo(config.reconnect().interval());
        config.ping().ifPresent(ping -> assertWithin(ping.interval(), Defaults.PING_INTERVAL_RANGE));
        config.tcpKeepAlive().ifPresent(keepAlive -> {
            assertWithin(keepAlive.idle(), Defaults.TCP_KEEPALIVE_TIME_RANGE);
            assertWithin(keepAlive.interval(), Defaults.TCP_KEEPALIVE_TIME_RANGE);
        });
        assertThat(config.port()).isBetween(1, 65535);
        config.proxy().ifPresent(proxy -> {
            assertThat(proxy.port()).isBetween(1, 65535);
            assertThat(proxy.host()).doesNotContainPattern("[\\s\\p{Cntrl}]");
        });
        assertThat(config.maxMessageSize()).isBetween(1024, 1 << 30);
    }

    private static void assertWithin(Duration duration, Range.OfDuration range) {
        assertThat(range.contains(duration)).as("%s within %s", duration, range.text()).isTrue();
    }

    private static Input generate(RandomGenerator random) {
        Map<String, String> keys = new TreeMap<>(base(random));
        Map<String, String> unresolved = new TreeMap<>();
        Set<String> secrets = new TreeSet<>();
        if (keys.containsKey("username")) {
            String secret = secret(random);
            keys.put(random.nextBoolean() ? "password" : "proxy.password", secret);
            secrets.add(secret);
        }
        int mutations = random.nextInt(MAX_MUTATIONS + 1);
        for (int i = 0; i < mutations; i++) {
            mutate(random, keys, unresolved, secrets);
        }
        String client = random.nextInt(20) == 0 ? "Bad_Name" : "c" + random.nextInt(3);
        Map<String, String> properties = new TreeMap<>();
        keys.forEach((key, value) -> properties.put("websocket.client." + client + "." + key, value));
        Map<String, String> unresolvedFull = new TreeMap<>();
        unresolved.forEach((key, value) -> unresolvedFull.put("websocket.client." + client + "." + key, value));
        if (random.nextInt(30) == 0) {
            properties.put("websocket.client." + HOSTILE.get(random.nextInt(HOSTILE.size())), "x");
        }
        return new Input(properties, unresolvedFull, secrets);
    }

    /** One of a few realistic clients. */
    private static Map<String, String> base(RandomGenerator random) {
        return switch (random.nextInt(4)) {
            case 0 -> Map.of("uri", "ws://127.0.0.1:8088/ari/events?app=billing");
            case 1 -> Map.of("uri", "wss://pbx.example.com:8089/ari", "username", "billing",
                    "proxy.host", "proxy.corp.example:3128", "ping.interval", "20s",
                    "tcp-keepalive.enabled", "true", "tls.protocols", "TLSv1.3");
            case 2 -> Map.of("uri", "wss://feed.example.com/stream", "connection-type", "on-demand",
                    "reconnect.interval", "200ms", "reconnect.max-interval", "5s", "reconnect.multiplier", "1.5",
                    "reconnect.jitter", "0.1", "reconnect.attempts", "3", "tls.verify-server-hostname", "false");
            default -> Map.of("uri", "ws://[::1]:9/x", "connection-timeout", "2s", "close-timeout", "1s",
                    "write-timeout", "10s", "max-message-size", "64KiB", "delivery.max-queued-messages", "100",
                    "delivery.max-queued-bytes", "1MiB", "tcp-keepalive.idle", "30s", "tcp-keepalive.probes", "5");
        };
    }

    private static void mutate(RandomGenerator random, Map<String, String> keys, Map<String, String> unresolved,
                               Set<String> secrets) {
        String key = KNOWN_KEYS.get(random.nextInt(KNOWN_KEYS.size()));
        switch (random.nextInt(7)) {
            case 0, 1 -> putUnlessSecret(keys, key, HOSTILE.get(random.nextInt(HOSTILE.size())));
            case 2 -> keys.computeIfPresent(pick(random, keys).orElse(key), (k, value) ->
                    SECRET_KEYS.contains(k) ? value : edit(random, value));
            case 3 -> pick(random, keys).filter(k -> !SECRET_KEYS.contains(k))
                    .ifPresent(k -> keys.put(edit(random, k), keys.remove(k)));
            case 4 -> {
                String secret = secret(random);
                String secretKey = SECRET_KEYS.get(random.nextInt(SECRET_KEYS.size()));
                keys.put(secretKey, random.nextBoolean() ? secret : secret + "\r\n");
                secrets.add(secret);
            }
            case 5 -> {
                String secret = secret(random);
                String secretKey = SECRET_KEYS.get(random.nextInt(SECRET_KEYS.size()));
                keys.remove(secretKey);
                unresolved.put(secretKey, secret + "${UNSET_SECRET}");
                secrets.add(secret);
            }
            default -> {
                if (!SECRET_KEYS.contains(key)) {
                    keys.remove(key);
                    unresolved.put(key, random.nextBoolean() ? "${CORP_PROXY}" : "x${A}y${B");
                }
            }
        }
    }

    /** Distinctive enough never to appear in a message by chance. */
    private static String secret(RandomGenerator random) {
        return "Zq" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    private static void putUnlessSecret(Map<String, String> keys, String key, String value) {
        if (!SECRET_KEYS.contains(key)) {
            keys.put(key, value);
        }
    }

    private static Optional<String> pick(RandomGenerator random, Map<String, String> keys) {
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return keys.keySet().stream().skip(random.nextInt(keys.size())).findFirst();
    }

    /** One small edit: a character inserted, deleted, swapped or changed in case, or a unit appended. */
    private static String edit(RandomGenerator random, String text) {
        StringBuilder out = new StringBuilder(text);
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        switch (random.nextInt(5)) {
            case 0 -> out.insert(at, (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            case 1 -> {
                if (!text.isEmpty()) {
                    out.deleteCharAt(at);
                }
            }
            case 2 -> {
                if (at + 1 < text.length()) {
                    out.setCharAt(at, text.charAt(at + 1));
                    out.setCharAt(at + 1, text.charAt(at));
                }
            }
            case 3 -> out.replace(0, out.length(), random.nextBoolean() ? text.toUpperCase(Locale.ROOT) : text + " ");
            default -> out.append(List.of("ms", "s", "h", "0000000000", "KiB", "GiB", "\n").get(random.nextInt(7)));
        }
        return out.toString();
    }
}
