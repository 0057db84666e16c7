package org.wsconnector.impl.engine;

import java.nio.ByteBuffer;

/** What an open link reports, on the library's I/O threads, in order. */
public interface LinkEvents {

    void onText(String text);

    void onBinary(ByteBuffer data);

    void onPong(ByteBuffer payload);

    /** The connection ended: closing handshake done, or the socket closed/failed (code 1006). Called at most once. */
    void onClosed(int code, String reason, Throwable failure);
}
