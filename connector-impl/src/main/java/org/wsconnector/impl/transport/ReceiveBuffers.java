package org.wsconnector.impl.transport;

import java.nio.ByteBuffer;

/**
 * The receive buffers of one I/O loop, shared by every connection it reads and touched only by the loop's thread.
 * Tyrus copies what it keeps of each read (a partial frame) into a buffer of its own, so no connection needs
 * buffers of its own between reads: an idle connection holds none (bench, heap per idle session at 5,000 ws
 * sessions: 27 KB with a receive buffer per connection, 11 KB with these; per idle wss connection 83 KB, 51 KB).
 */
public final class ReceiveBuffers {
    /** Several TLS records (at most ~16.7 KB each) or plain bytes per read. */
    private static final int SIZE = 64 * 1024;

    private ByteBuffer network = ByteBuffer.allocate(SIZE);
    private ByteBuffer application = ByteBuffer.allocate(SIZE);
    private ByteBuffer inner;

    /** Bytes as read from the socket (TLS records), cleared, for one read. */
    ByteBuffer network() {
        return network.clear();
    }

    /** Application bytes (plain reads, or what TLS unwraps), cleared, for one read. */
    ByteBuffer application() {
        return application.clear();
    }

    /** Keeps a grown application buffer for the next reads (an unwrap that did not fit). */
    void application(ByteBuffer grown) {
        application = grown;
    }

    /**
     * Through an HTTPS proxy, the application bytes of the server's TLS, unwrapped from {@link #application()};
     * allocated on first use, so that a loop without such connections holds no third buffer.
     */
    ByteBuffer inner() {
        if (inner == null) {
            inner = ByteBuffer.allocate(SIZE);
        }
        return inner.clear();
    }

    void inner(ByteBuffer grown) {
        inner = grown;
    }
}
