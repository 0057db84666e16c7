package org.wsconnector.impl.tyrus;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import org.wsconnector.impl.engine.Link;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** An open Tyrus session on a connector-owned socket. */
final class TyrusLink implements Link {
    private final Session session;
    private final AttemptContext attempt;

    TyrusLink(Session session, AttemptContext attempt) {
        this.session = session;
        this.attempt = attempt;
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        return send(handler -> session.getAsyncRemote().sendText(text, handler));
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
        return send(handler -> session.getAsyncRemote().sendBinary(data, handler));
    }

    private static CompletionStage<Void> send(Consumer<SendHandler> sender) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            sender.accept(result -> {
                if (result.isOK()) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(result.getException());
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
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
    public Optional<Socket> socket() {
        Wire wire = attempt.wire();
        return wire == null ? Optional.empty() : Optional.of(wire.socket());
    }
}
