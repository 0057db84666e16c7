package org.wsconnector.it.payara;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deployed inside the test WAR: records the echo server's replies, which arrive as qualified CDI events. */
@ApplicationScoped
public class EchoReplies {
    private final List<String> texts = new CopyOnWriteArrayList<>();

    void onText(@Observes @WebSocketClient("echo") TextMessage message) {
        texts.add(message.text());
    }

    public List<String> texts() {
        return List.copyOf(texts);
    }
}
