package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** An application with the client "ari" that counts the texts it receives: the metrics tests' known sequence. */
@ApplicationScoped
class AriApplication {
    final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @WebSocketClient("ari")
    ManagedWebSocket ari;

    void onText(@Observes @WebSocketClient("ari") TextMessage message) {
        received.add(message.text());
    }

    // Through methods: the test holds the client proxy, whose fields are not the bean's.
    ManagedWebSocket ari() {
        return ari;
    }

    int received() {
        return received.size();
    }

    /**
     * Waits for ari to open, sends ten texts (non-ASCII, so that bytes are not characters) and waits until the echo
     * server sent all ten back; returns their payload bytes (each way).
     */
    long openAndEchoTen(Duration patience) throws Exception {
        ari.awaitOpen(patience);
        long bytes = 0;
        for (int i = 0; i < 10; i++) {
            String text = "événement " + i;
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
            ari.sendText(text).toCompletableFuture().get(patience.toSeconds(), TimeUnit.SECONDS);
        }
        await().atMost(patience).until(() -> received() == 10);
        return bytes;
    }
}
