package org.wsconnector.impl.tyrus;

import org.wsconnector.impl.transport.WriteCompletion;
import org.wsconnector.impl.transport.Wire;
import org.wsconnector.impl.transport.DataFrames;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.wsconnector.SendFailedException;
import org.wsconnector.impl.engine.Failures;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.engine.LinkEvents;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** An open Tyrus session on a connector-owned socket. */
final class TyrusLink implements Link {
    private final Session session;
    private final AttemptContext attempt;
    private final String client;
    private final LinkEvents events;

    TyrusLink(Session session, AttemptContext attempt, String client, LinkEvents events) {
        this.session = session;
        this.attempt = attempt;
        this.client = client;
        this.events = events;
    }

    /** Framed by the connector, not Tyrus: see {@link DataFrames} for why. */
    @Override
    public CompletionStage<Void> sendText(String text) {
        return send(() -> DataFrames.text(text));
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
        return send(() -> DataFrames.binary(data));
    }

    private CompletionStage<Void> send(Supplier<ByteBuffer> frame) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Wire wire = attempt.wire();
        if (!session.isOpen() || wire == null) {
            sent.completeExceptionally(notSent(new IOException("the session is closed")));
            return sent;
        }
        try {
            ByteBuffer framed = frame.get();
            long payloadBytes = DataFrames.payloadLength(framed);
            wire.writes().writeDataFrame(framed, new WriteCompletion() {
                @Override
                public void written() {
                    events.onMessageSent(payloadBytes);
                    sent.complete(null);
                }

                @Override
                public void failed(Throwable throwable) {
                    sent.completeExceptionally(notSent(throwable));
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(notSent(e)); // an unpaired surrogate in the text
        }
        return sent;
    }

    /** What the application sees of a failed send: the connector's exception, with the transport's reason. */
    private SendFailedException notSent(Throwable failure) {
        String why = failure.getMessage() != null ? failure.getMessage() : Failures.rootMessage(failure);
        return new SendFailedException(client, "message not sent: " + why, failure);
    }

    /** Tyrus keeps the reply's header, which {@code UpgradeReplyCheck} has already held to what we offered. */
    @Override
    public String subprotocol() {
        return session.getNegotiatedSubprotocol();
    }

    @Override
    public void sendPing(ByteBuffer payload) throws IOException {
        session.getAsyncRemote().sendPing(payload);
    }

    @Override
    public void close(int code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException | RuntimeException e) {
            attempt.abort();
        }
    }

    @Override
    public void abort() {
        attempt.abort();
    }

    @Override
    public void pauseReading() {
        attempt.pauseReading();
    }

    @Override
    public void resumeReading() {
        attempt.resumeReading();
    }
}
