package org.wsconnector.testbed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * The one endpoint instance behind {@link EchoServer}: echoes every text and binary message and records
 * the connection in the {@link EchoRegistry}.
 *
 * <p>Public only because Tyrus invokes the endpoint's methods reflectively; not meant for direct use.
 */
public final class EchoEndpoint extends Endpoint {

    private static final Logger LOGGER = Logger.getLogger(EchoEndpoint.class.getName());

    private final EchoRegistry registry;
    private final EchoConfigurator configurator;

    EchoEndpoint(EchoRegistry registry, EchoConfigurator configurator) {
        this.registry = registry;
        this.configurator = configurator;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Map<String, List<String>> headers = configurator.takeHandshakeHeaders();
        registry.opened(session, new ConnectionRecorder(session.getId(), session.getRequestURI(), headers,
                session.getNegotiatedSubprotocol()));
        String id = session.getId();
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            registry.update(id, recorder -> recorder.text(text));
            send(session, () -> session.getBasicRemote().sendText(text));
        });
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            registry.update(id, recorder -> recorder.binary(copy));
            send(session, () -> session.getBasicRemote().sendBinary(ByteBuffer.wrap(copy)));
        });
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        registry.closed(session.getId(), closeReason, TyrusCloseOrigin.isClientCloseFrame());
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOGGER.log(Level.FINE, "echo session " + session.getId() + " failed", error);
    }

    private interface Send {
        void run() throws IOException;
    }

    private static void send(Session session, Send send) {
        try {
            send.run();
        } catch (IOException | IllegalStateException e) {
            // The client may close while we echo; that is its right, not a test bed failure.
            LOGGER.log(Level.FINE, "echo to session " + session.getId() + " failed", e);
        }
    }
}
