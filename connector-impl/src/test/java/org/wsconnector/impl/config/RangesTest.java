package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsconnector.ConfigProblem;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;

/**
 * The ranges of {@link Defaults} are the ones the README shows and the ones the reader enforces: each end is
 * accepted, the nearest value beyond it refused with a message stating the range.
 */
class RangesTest {
    /** A row of the configuration reference: | `key`, `key` | type | default | range | meaning | Asterisk |. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| (`[^|]+) \\| [^|]+ \\| [^|]+ \\| ([^|]+) \\|");
    private static final Pattern KEY = Pattern.compile("`([^`]+)`");
    /** Ports are the range of a part of the value: the README says so. */
    private static final Map<String, String> LABEL = Map.of(ClientKeys.URI, "port ", ClientKeys.PROXY_HOST, "port ");

    @Test
    void theReadmeRangeColumnShowsExactlyTheRangesOfDefaults() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String reference = readme.substring(readme.indexOf("| key | type | default | range |"));
        Map<String, String> documented = new TreeMap<>();
        // "\|" inside a cell (persistent \| on-demand) is no column border
        Matcher row = ROW.matcher(reference.substring(0, reference.indexOf("\n\n")).replace("\\|", "/"));
        while (row.find()) {
            Matcher key = KEY.matcher(row.group(1));
            while (key.find()) {
                documented.put(key.group(1), row.group(2).trim());
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (String key : ClientKeys.ALL) {
            Range range = Defaults.RANGES.get(key);
            expected.put(key, range == null ? "—" : LABEL.getOrDefault(key, "") + range.text());
        }
        expected.put("headers.<Header-Name>", "—");

        assertThat(documented).isEqualTo(expected);
    }

    record Edge(String key, String value, boolean allowed) {
        @Override
        public String toString() {
            return key + "=" + value + (allowed ? " allowed" : " refused");
        }
    }

    static Stream<Edge> edges() {
        return Defaults.RANGES.entrySet().stream()
                .filter(entry -> !LABEL.containsKey(entry.getKey()))
                .flatMap(entry -> edgesOf(entry.getKey(), entry.getValue()));
    }

    private static Stream<Edge> edgesOf(String key, Range range) {
        if (range instanceof Range.OfDuration duration) {
            Duration nearestBelow = duration.wholeSeconds() ? duration.low().minusSeconds(1)
                    : duration.low().minusNanos(1);
            return Stream.of(new Edge(key, duration.low().toString(), true),
                    new Edge(key, duration.high().toString(), true),
                    new Edge(key, nearestBelow.toString(), false),
                    new Edge(key, duration.high().plusNanos(1).toString(), false));
        }
        if (range instanceof Range.OfCount count) {
            return Stream.of(new Edge(key, Long.toString(count.low()), true),
                    new Edge(key, Long.toString(count.high()), true),
                    new Edge(key, Long.toString(count.low() - 1), false),
                    new Edge(key, Long.toString(count.high() + 1), false));
        }
        if (range instanceof Range.OfSize size) {
            return Stream.of(new Edge(key, Long.toString(size.low()), true),
                    new Edge(key, Long.toString(size.high()), true),
                    new Edge(key, Long.toString(size.low() - 1), false),
                    new Edge(key, Long.toString(size.high() + 1), false));
        }
        Range.OfDecimal decimal = (Range.OfDecimal) range;
        BigDecimal step = new BigDecimal("0.001");
        return Stream.of(new Edge(key, BigDecimal.valueOf(decimal.low()).toPlainString(), true),
                new Edge(key, BigDecimal.valueOf(decimal.high()).toPlainString(), true),
                new Edge(key, BigDecimal.valueOf(decimal.low()).subtract(step).toPlainString(), false),
                new Edge(key, BigDecimal.valueOf(decimal.high()).add(step).toPlainString(), false));
    }

    @ParameterizedTest
    @MethodSource("edges")
    void eachEndIsAllowedAndTheNearestValueBeyondItIsRefusedStatingTheRange(Edge edge) {
        Map<String, String> properties = new HashMap<>();
        properties.put("websocket.client.c.uri", "ws://127.0.0.1:9/");
        properties.put("websocket.client.c." + edge.key(), edge.value());
        if (edge.key().equals(ClientKeys.RECONNECT_MAX_INTERVAL)) {
            // so that the smallest max-interval is not below the default interval
            properties.put("websocket.client.c." + ClientKeys.RECONNECT_INTERVAL, "10ms");
        }
        ConfigProblems problems = new ConfigProblems();

        ClientConfigReader.read(properties, problems);

        if (edge.allowed()) {
            assertThat(problems.messages()).isEmpty();
        } else {
            Range range = Defaults.RANGES.get(edge.key());
            assertThat(problems.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.code()).isEqualTo(OUT_OF_RANGE);
                assertThat(problem.key()).hasValue("websocket.client.c." + edge.key());
                assertThat(problem.message()).contains(range.mustBe());
            });
        }
    }

    @Test
    void theMessageOfAnOutOfRangeDurationNamesBothEndsInShortForm() {
        ConfigProblems problems = new ConfigProblems();

        ClientConfigReader.read(Map.of("websocket.client.c.uri", "ws://127.0.0.1:9/",
                "websocket.client.c.connection-timeout", "2h"), problems);

        assertThat(problems.messages()).extracting(line -> line.substring(0, line.indexOf("; allowed")))
                .containsExactly("WSCFG0104: client 'c', key websocket.client.c.connection-timeout, value '2h': "
                        + "must be between 100ms and 1h");
        assertThat(List.copyOf(problems.problems())).extracting(ConfigProblem::code).containsExactly(OUT_OF_RANGE);
    }
}
