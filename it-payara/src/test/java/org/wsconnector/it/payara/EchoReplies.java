package org.wsconnector.it.payara;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import org.wsconnector.TextMessage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deployed inside the test WAR: records the echo server's replies, which arrive as qualified CDI events. */
@ApplicationScoped
public class EchoReplies {
    private final List<TextMessage> texts = new CopyOnWriteArrayList<>();

    void onText(@Observes @Any TextMessage message) {
        texts.add(message);
    }

    public List<String> texts(String client) {
        return texts.stream().filter(message -> message.client().equals(client)).map(TextMessage::text).toList();
    }
}
