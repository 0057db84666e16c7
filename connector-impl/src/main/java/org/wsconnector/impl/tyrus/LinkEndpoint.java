package org.wsconnector.impl.tyrus;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import org.wsconnector.impl.engine.LinkEvents;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** A programmatic endpoint (WildFly scans annotated ones) that forwards what Tyrus delivers to the engine. */
final class LinkEndpoint extends Endpoint {
    private final LinkEvents events;
    private final AttemptContext attempt;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Throwable error;

    LinkEndpoint(LinkEvents events, AttemptContext attempt) {
        this.events = events;
        this.attempt = attempt;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) events::onText);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) events::onBinary);
        session.addMessageHandler(PongMessage.class,
                (MessageHandler.Whole<PongMessage>) pong -> events.onPong(pong.getApplicationData()));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        attempt.abort();
        if (closed.compareAndSet(false, true)) {
            events.onClosed(reason.getCloseCode().getCode(), reason.getReasonPhrase(), error);
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        error = failure;
    }
}
