package org.wsconnector.impl.engine;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * An open WebSocket connection as the engine uses it. The stages of sends complete exceptionally with a
 * {@code SendFailedException} (the application gets them as they are).
 */
public interface Link {

    CompletionStage<Void> sendText(String text);

    CompletionStage<Void> sendBinary(ByteBuffer data);

    /** The subprotocol the server chose in the upgrade ({@code Sec-WebSocket-Protocol}); "" when none. */
    String subprotocol();

    /** Sends a PING with this payload (≤ 125 bytes). Throws when the link is closed. */
    void sendPing(ByteBuffer payload) throws Exception;

    /** Starts the closing handshake; {@link LinkEvents#onClosed} follows when the peer answers or the socket ends. */
    void close(int code, String reason);

    /** Drops the connection at once, without a closing handshake (dead peer, close timeout). Idempotent. */
    void abort();

    /**
     * Stops reading the socket until {@link #resumeReading()}: the application's callbacks are behind, and the peer's
     * TCP window should fill instead of our heap. Pongs are not read either while paused. Idempotent; any thread.
     */
    void pauseReading();

    /** Reads the socket again after {@link #pauseReading()}. Idempotent; any thread. */
    void resumeReading();
}
