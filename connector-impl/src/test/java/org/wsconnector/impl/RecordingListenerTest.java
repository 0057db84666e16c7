package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;

/** assertNoMoreEvents fails on exactly what the test neither waited for nor read: it can catch a surplus event. */
class RecordingListenerTest {
    private long nanos;
    private final RecordingListener listener = new RecordingListener(() -> nanos);

    private void deliver(ConnectionState from, ConnectionState to) {
        nanos += 1_000;
        listener.onStateChanged(new ConnectionStateChanged("ari", from, to, Optional.empty(), 1, Optional.empty(),
                Instant.EPOCH));
    }

    @Test
    void anEventBeyondTheLastOneWaitedForFails() {
        deliver(CLOSED, CONNECTING);
        deliver(CONNECTING, OPEN);
        deliver(OPEN, RECONNECTING);

        listener.awaitEntered(OPEN);

        assertThatThrownBy(listener::assertNoMoreEvents).isInstanceOf(AssertionError.class)
                .hasMessageContaining("RECONNECTING");
        assertThat(listener.next().event().current()).isEqualTo(RECONNECTING);
        listener.assertNoMoreEvents();
    }

    @Test
    void nextReadsEventsOneByOneAndFailsWhenNoneIsLeft() {
        deliver(CLOSED, CONNECTING);

        assertThat(listener.next().nanos()).isEqualTo(1_000);
        assertThatThrownBy(listener::next).isInstanceOf(AssertionError.class);
        listener.assertNoMoreEvents();
    }

    @Test
    void aTextBeyondThoseWaitedForFailsAndReadingThemAllAccountsForThem() {
        listener.onText(new TextMessage("ari", "one"));
        listener.onText(new TextMessage("ari", "two"));
        listener.awaitTexts(1);

        assertThatThrownBy(listener::assertNoMoreEvents).isInstanceOf(AssertionError.class)
                .hasMessageContaining("two");
        assertThat(listener.texts()).containsExactly("one", "two");
        listener.assertNoMoreEvents();
    }
}
