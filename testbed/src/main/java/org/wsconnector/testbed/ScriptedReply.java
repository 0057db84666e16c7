package org.wsconnector.testbed;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MisbehavingProxy.Mode#scripted scripted} proxy sends one connection after reading its request head:
 * {@code chunks} in order, {@code pause} apart (a proxy that drips its reply, or splits it across reads), then it
 * closes the connection or, with {@code holdOpen}, keeps it open until the client closes it.
 */
public record ScriptedReply(List<byte[]> chunks, Duration pause, boolean holdOpen) {
    public ScriptedReply {
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(pause, "pause");
    }
}
