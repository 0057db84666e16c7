package org.wsconnector.impl.transport;

/** Told once whether a queued write went out: {@link #written()} when the socket took its last byte, else why not. */
public interface WriteCompletion {

    void written();

    void failed(Throwable cause);
}
