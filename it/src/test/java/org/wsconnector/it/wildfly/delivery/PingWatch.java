package org.wsconnector.it.wildfly.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.it.wildfly.shared.ArrivedTexts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the "ping" client (ping.interval=500ms, ping.probes=2) and the state of both clients: any state change
 * after they opened is a failure of the test that caused it (a false dead peer). Records whether each echo arrived
 * while the feed observer was in its slow work.
 */
@ApplicationScoped
public class PingWatch {
    @Inject
    FeedRecorder feed;

    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private final ArrivedTexts echoes = new ArrivedTexts();
    private final List<String> echoesWhileFeedWorked = new CopyOnWriteArrayList<>();

    void onPingState(@Observes @WebSocketClient("ping") ConnectionStateChanged change) {
        transitions.add(change.toString());
    }

    void onFeedState(@Observes @WebSocketClient("feed") ConnectionStateChanged change) {
        transitions.add(change.toString());
    }

    void onEcho(@Observes @WebSocketClient("ping") TextMessage message) {
        if (feed.working()) {
            echoesWhileFeedWorked.add(message.text());
        }
        echoes.add(message.text());
    }

    /** Waits until {@code text} has come back, at most {@code timeout}; false if it did not. */
    boolean awaitEcho(String text, Duration timeout) throws InterruptedException {
        return echoes.await(text, timeout);
    }

    List<String> transitions() {
        return List.copyOf(transitions);
    }

    List<String> echoesWhileFeedWorked() {
        return List.copyOf(echoesWhileFeedWorked);
    }
}
