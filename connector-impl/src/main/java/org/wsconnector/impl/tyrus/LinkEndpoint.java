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
    private static final int NORMAL_CLOSURE = CloseReason.CloseCodes.NORMAL_CLOSURE.getCode();
    private final LinkEvents events;
    private final AttemptContext attempt;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseReason closeReason;

    LinkEndpoint(LinkEvents events, AttemptContext attempt) {
        this.events = events;
        this.attempt = attempt;
        attempt.onEnded(this::ended);
        attempt.onReadHandled(events::onReadHandled);
        attempt.onPayloadReceived(events::onPayloadReceived);
        attempt.onClosing(events::onClosing);
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
        if (closeReason == null) {
            closeReason = reason; // the first one: the close frame sent or received, or 1006 when the socket failed
            if (reason.getCloseCode().getCode() == NORMAL_CLOSURE && attempt.serverClosedWithoutCode()) {
                // The server's close frame came first and had no code: RFC 6455 7.1.5 names that 1005, not 1000.
                closeReason = new CloseReason(CloseReason.CloseCodes.NO_STATUS_CODE, "");
            }
        }
        attempt.closeRequested();
    }

    /**
     * The engine hears of the end only when the socket is closed, not at Tyrus's onClose: Tyrus reports our own
     * close as soon as the frame is written, and the engine's close-timeout must cover waiting for the server.
     */
    private void ended() {
        if (closed.compareAndSet(false, true)) {
            CloseReason reason = closeReason;
            events.onClosed(reason == null ? CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()
                    : reason.getCloseCode().getCode(), reason == null ? "" : reason.getReasonPhrase(),
                    attempt.endFailure());
        }
    }

    /**
     * Tyrus calls this with whatever a message, pong, open or close callback threw — it catches every
     * {@link Throwable}, an OutOfMemoryError included, and would go on reading as if nothing happened. Here the
     * callbacks are the engine's, which must not throw: the connection has failed and ends with the failure as cause.
     */
    @Override
    public void onError(Session session, Throwable failure) {
        attempt.handlingFailed(failure);
    }
}
