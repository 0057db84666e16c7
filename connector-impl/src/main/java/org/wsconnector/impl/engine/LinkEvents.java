package org.wsconnector.impl.engine;

import java.nio.ByteBuffer;

/**
 * What an open link reports, on the transport's I/O thread, in order. Implementations must return quickly and never
 * run application code here: the I/O thread reads every connection.
 */
public interface LinkEvents {

    void onText(String text);

    void onBinary(ByteBuffer data);

    void onPong(ByteBuffer payload);

    /**
     * Payload bytes of data frames (text, binary, continuation) received since the last call; reported once per read
     * that had any, on the I/O thread, for the counters. Must be cheap: it is on the message path.
     */
    void onPayloadReceived(long bytes);

    /**
     * A text or binary message of {@code payloadBytes} (UTF-8 for text) was written to the socket; on whichever
     * thread the write completed. Must be cheap: it is on the message path.
     */
    void onMessageSent(long payloadBytes);

    /**
     * The I/O thread has handled one read of this connection: the messages it reported may now be handed on, in one
     * go. Called after every read that reported any, also when handling it failed.
     */
    void onReadHandled();

    /**
     * The closing handshake has begun (a close frame was sent or received) and the transport now waits for the TCP
     * connection to end; the engine bounds that wait by close-timeout and aborts the link when it runs out. At most
     * once per link, on any thread; {@link #onClosed} follows.
     */
    void onClosing();

    /**
     * The connection ended: closing handshake done, or the socket closed/failed (code 1006). Called at most once.
     * {@code failure} is a {@code WebSocketConnectorException} when the transport itself ended the connection for a
     * reason the application must see as such (write timeout, message too large); the engine reports it as is.
     */
    void onClosed(int code, String reason, Throwable failure);
}
