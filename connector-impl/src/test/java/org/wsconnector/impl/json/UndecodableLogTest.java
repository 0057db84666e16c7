package org.wsconnector.impl.json;

import org.junit.jupiter.api.Test;
import org.wsconnector.TextMessage;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.impl.LogCapture;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream of undecodable messages logs at most one WARNING line a minute per client, the next line counting what
 * was not logged, while every message still reaches the application. On a virtual clock: no waiting.
 */
class UndecodableLogTest {
    private static final String LINE = "matches none of the observed types";

    public record Greeting(String text) {
    }

    @Test
    void theFirstOfAMinuteIsLoggedInFullTheRestAreCountedIntoTheNextLine() throws Exception {
        AtomicLong nanos = new AtomicLong(123_456_789L); // any origin: System.nanoTime() may be negative or huge
        List<UndecodableMessage> undecodable = new CopyOnWriteArrayList<>();
        try (JsonMessages json = JsonMessages.create();
             LogCapture log = LogCapture.of(DecodingListener.class.getName())) {
            DecodingListener listener = new DecodingListener(json.types(List.of(Greeting.class)),
                    (values, failure) -> failure.ifPresent(undecodable::add), nanos::get);
            long origin = nanos.get();

            receiveAt(listener, nanos, origin, Duration.ZERO, "first");
            assertThat(log.messages(Level.WARNING, LINE)).singleElement().asString()
                    .contains("'ari'").doesNotContain("not logged");
            receiveAt(listener, nanos, origin, Duration.ofSeconds(10), "second");
            receiveAt(listener, nanos, origin, Duration.ofSeconds(10), "third");
            receiveAt(listener, nanos, origin, Duration.ofSeconds(60).minusNanos(1), "fourth");
            assertThat(log.messages(Level.WARNING, LINE)).as("within the minute: counted, not logged").hasSize(1);

            receiveAt(listener, nanos, origin, Duration.ofSeconds(60), "fifth");
            receiveAt(listener, nanos, origin, Duration.ofSeconds(61), "sixth");
            receiveAt(listener, nanos, origin, Duration.ofMinutes(3), "seventh");

            List<String> lines = log.messages(Level.WARNING, LINE);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(1)).contains("(3 more undecodable messages since the last such line were not logged)");
            assertThat(lines.get(2)).contains("(1 more undecodable messages since the last such line");
            assertThat(undecodable).as("every message still reaches the application")
                    .extracting(UndecodableMessage::text)
                    .containsExactly("first", "second", "third", "fourth", "fifth", "sixth", "seventh");
        }
    }

    private static void receiveAt(DecodingListener listener, AtomicLong nanos, long origin, Duration at,
                                  String text) {
        nanos.set(origin + at.toNanos());
        listener.onText(new TextMessage("ari", text));
    }
}
