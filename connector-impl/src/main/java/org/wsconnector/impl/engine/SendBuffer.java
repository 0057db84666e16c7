package org.wsconnector.impl.engine;

import org.wsconnector.SendBufferException;
import org.wsconnector.SendBufferException.Kind;
import org.wsconnector.config.SendBufferConfig;
import org.wsconnector.impl.config.Durations;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The messages sent while the client is not open, held in order for the next open ({@code send-buffer.*}). Bounded
 * by count and bytes when a message is {@linkplain #hold held} — a send that would exceed a bound is refused, not an
 * older message evicted, so that what is held is always an unbroken run of the application's sends — and by age
 * through {@link #expire}. Not thread safe: the engine calls it under its lock; the stages it completes are relayed
 * to workers by the engine, so no application code runs under that lock.
 */
final class SendBuffer {
    /** One message waiting: its frame's writer, its payload size, when it was held, and the application's stage. */
    record Held(OutgoingMessage message, long bytes, long heldAtNanos, CompletableFuture<Void> sent) {
    }

    /** A text or binary message, written to whichever link is open when its turn comes. */
    sealed interface OutgoingMessage permits Text, Binary {
        CompletionStage<Void> writeTo(Link link);
    }

    record Text(String text) implements OutgoingMessage {
        @Override
        public CompletionStage<Void> writeTo(Link link) {
            return link.sendText(text);
        }
    }

    /** @param data a copy: the application may reuse its buffer once the send returned */
    record Binary(ByteBuffer data) implements OutgoingMessage {
        static Binary copyOf(ByteBuffer data) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
            return new Binary(copy);
        }

        @Override
        public CompletionStage<Void> writeTo(Link link) {
            return link.sendBinary(data.duplicate());
        }
    }

    private final String client;
    private final SendBufferConfig limits;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long heldBytes;

    SendBuffer(String client, SendBufferConfig limits) {
        this.client = Objects.requireNonNull(client, "client");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Holds the message behind the others, or returns a stage failed with FULL when a bound would be exceeded. */
    CompletableFuture<Void> hold(OutgoingMessage message, long nowNanos) {
        long bytes = sizeOf(message);
        if (held.size() >= limits.maxMessages()) {
            return full("it holds send-buffer.max-messages = " + limits.maxMessages() + " messages");
        }
        if (heldBytes + bytes > limits.maxBytes()) {
            return full("a message of " + bytes + " bytes would exceed send-buffer.max-bytes = "
                    + limits.maxBytes() + " (" + heldBytes + " bytes held)");
        }
        return append(message, bytes, nowNanos);
    }

    /**
     * Queues the message behind the others without checking the bounds: a send made while the held messages are being
     * written to the connection that has just opened waits for them, for as long as their writing takes.
     */
    CompletableFuture<Void> queueBehind(OutgoingMessage message, long nowNanos) {
        return append(message, sizeOf(message), nowNanos);
    }

    private CompletableFuture<Void> append(OutgoingMessage message, long bytes, long nowNanos) {
        Held entry = new Held(message, bytes, nowNanos, new CompletableFuture<>());
        held.addLast(entry);
        heldBytes += bytes;
        return entry.sent();
    }

    private CompletableFuture<Void> full(String why) {
        return CompletableFuture.failedFuture(new SendBufferException(client, Kind.FULL,
                "message not sent: the send buffer is full: " + why, null));
    }

    /** The oldest message, removed; null when none is held. */
    Held poll() {
        Held next = held.pollFirst();
        if (next != null) {
            heldBytes -= next.bytes();
        }
        return next;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    int size() {
        return held.size();
    }

    /** Fails and removes every message held for {@code send-buffer.max-age} or longer at {@code nowNanos}. */
    void expire(long nowNanos) {
        long maxAgeNanos = Durations.saturatedNanos(limits.maxAge());
        List<Held> expired = new ArrayList<>();
        while (!held.isEmpty() && nowNanos - held.peekFirst().heldAtNanos() >= maxAgeNanos) {
            expired.add(poll()); // held in order of time: the first young one ends the run
        }
        String why = "message not sent: held for send-buffer.max-age = " + Durations.format(limits.maxAge())
                + " without the connection opening";
        expired.forEach(entry -> entry.sent().completeExceptionally(
                new SendBufferException(client, Kind.EXPIRED, why, null)));
    }

    /** The engine-clock instant at which the oldest held message expires; only when one is held. */
    long nextExpiryNanos() {
        return held.peekFirst().heldAtNanos() + Durations.saturatedNanos(limits.maxAge());
    }

    /** Fails and removes every held message: the client ended (CLOSED, FAILED) or is closing. */
    void failAll(Kind kind, String why, Throwable cause) {
        for (Held entry = poll(); entry != null; entry = poll()) {
            entry.sent().completeExceptionally(new SendBufferException(client, kind, "message not sent: " + why,
                    cause));
        }
    }

    /** Payload bytes: UTF-8 for text, counted without encoding it. */
    static long sizeOf(OutgoingMessage message) {
        if (message instanceof Binary binary) {
            return binary.data().remaining();
        }
        String text = ((Text) message).text();
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // an unpaired surrogate counts as the replacement it could never be sent as
            }
        }
        return bytes;
    }
}
