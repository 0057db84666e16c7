package org.wsconnector;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A binary message received on a managed connection; delivered in arrival order, on a worker thread (see
 * {@link WebSocketListener}). Immutable: the bytes are copied.
 */
public final class BinaryMessage {
    private final String client;
    private final byte[] data;

    public BinaryMessage(String client, ByteBuffer data) {
        this.client = Objects.requireNonNull(client, "client");
        ByteBuffer source = data.duplicate();
        this.data = new byte[source.remaining()];
        source.get(this.data);
    }

    public String client() {
        return client;
    }

    /** A read-only view of the payload. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** A copy of the payload. */
    public byte[] bytes() {
        return data.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinaryMessage that && client.equals(that.client) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * client.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "BinaryMessage[client=" + client + ", " + data.length + " bytes]";
    }
}
