package org.wsconnector.impl.json;

import org.wsconnector.TextMessage;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.WebSocketListener;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Decodes each text message of one client into its {@link JsonTypes} and hands the result on: a listener of its own,
 * so it runs on the client's delivery lane (a worker, never the I/O thread) in the order of the messages, after the
 * listeners registered before it, and a callback that throws on either side does not stop the other. A message that
 * matches no type is logged in one WARNING line (at most one a minute: {@link UndecodableLog}) and handed on as an
 * {@link UndecodableMessage}; nothing is thrown.
 */
public final class DecodingListener implements WebSocketListener {
    private final JsonTypes types;
    private final Receiver receiver;
    private final UndecodableLog log;

    /** Where one message's decoding goes: the CDI extension fires events, {@link JsonMessages} calls a listener. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @param values      what the message decoded into, each once (may be empty although decodable: a known
         *                    subtype of a family that is not observed)
         * @param undecodable present when no type matched
         */
        void receive(List<Object> values, Optional<UndecodableMessage> undecodable);
    }

    public DecodingListener(JsonTypes types, Receiver receiver) {
        this(types, receiver, System::nanoTime);
    }

    /** With the clock that paces the WARNING lines ({@link UndecodableLog}): tests pass a virtual one. */
    DecodingListener(JsonTypes types, Receiver receiver, LongSupplier nanoClock) {
        this.types = types;
        this.receiver = receiver;
        this.log = new UndecodableLog(nanoClock);
    }

    @Override
    public void onText(TextMessage message) {
        JsonTypes.Decoded decoded = types.decode(message.text());
        decoded.failure().ifPresent(reason -> log.report(message.client(), message.text().length(), reason));
        receiver.receive(decoded.values(), decoded.failure()
                .map(reason -> new UndecodableMessage(message.client(), message.text(), reason)));
    }
}
