package org.wsconnector.impl.tyrus;

import org.wsconnector.impl.transport.WriteCompletion;
import org.wsconnector.impl.transport.WriteQueue;
import org.wsconnector.impl.transport.UpgradeReplyCheck;
import org.wsconnector.impl.transport.Wire;
import org.wsconnector.impl.transport.IoLoop;
import org.wsconnector.impl.transport.HttpHead;
import org.wsconnector.impl.transport.Dialer;
import org.wsconnector.impl.transport.HandshakeStream;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.Writer;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.engine.Attempt;
import org.wsconnector.impl.engine.Failures;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A Tyrus client container (Tyrus's own SPI) whose transport the connector owns: a blocking socket opened by
 * {@link Dialer}. Tyrus keeps doing what it is good at — the handshake, framing, sessions, message handlers — while
 * the connector decides how the socket is opened (proxy CONNECT, TLS parameters), how long that may take, and can
 * close it at any moment. Tyrus's own containers cannot abort an attempt in flight (the JDK container even leaks
 * the socket), which is why this exists; see README "Why a connector-owned Tyrus container".
 *
 * <p>Runs on the thread that calls {@code ClientManager.connectToServer}: it dials, sends the upgrade, hands the
 * reply to Tyrus and returns; the open connection is then read by the shared {@link IoLoop}.
 */
public final class ConnectorClientContainer implements ClientContainer {
    /** Key of the {@link AttemptContext} in the {@link ClientEndpointConfig} user properties. */
    static final String ATTEMPT = "org.wsconnector.attempt";

    @Override
    public void openClientSocket(ClientEndpointConfig config, Map<String, Object> properties, ClientEngine engine)
            throws DeploymentException, IOException {
        AttemptContext attempt = (AttemptContext) config.getUserProperties().get(ATTEMPT);
        if (attempt == null) {
            throw new DeploymentException("this container only serves ws-connector attempts");
        }
        try {
            open(attempt, engine);
        } catch (IOException | RuntimeException e) {
            attempt.failed(e);
            attempt.abort();
            engine.processError(e);
        }
    }

    private void open(AttemptContext attempt, ClientEngine engine) throws IOException {
        Wire wire = attempt.dialer().dial(attempt.channel(), attempt::entering);
        attempt.dialed(wire);
        attempt.entering(Attempt.Stage.WEBSOCKET_UPGRADE);
        UpgradeRequest request = engine.createUpgradeRequest(attempt::abort);
        HandshakeStream stream = wire.handshakeStream();
        HttpHead reply;
        try {
            // No timeout here either: the engine's connection-timeout aborts the attempt, closing the socket.
            stream.write(ByteBuffer.wrap(HttpHead.ascii(requestHead(request, attempt.dialer().config()))));
            reply = HttpHead.read(stream.input());
        } catch (HttpHead.NoReplyException e) {
            throw closedAfterHandshake(wire, e, attempt);
        } catch (HttpHead.MalformedHeadException e) {
            // Said as the upgrade's: "connection to host:port failed: not an HTTP reply" did not say which reply.
            throw new ConnectFailedException(attempt.dialer().config().name(), "the server's reply to the upgrade "
                    + "request is invalid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw closedAfterHandshake(wire, e, attempt);
        }
        UpgradeReplyCheck.verify(attempt.dialer().config(), requestHeader(request, "Sec-WebSocket-Key"), reply);
        TyrusUpgradeResponse response = new TyrusUpgradeResponse();
        response.setStatus(reply.status());
        response.setReasonPhrase(reply.reasonPhrase());
        reply.headers().forEach((name, values) -> {
            // A blank value says nothing, and Tyrus 2.2 fails on one: an empty Sec-WebSocket-Extensions (which
            // UpgradeReplyCheck lets pass: no extension enabled) was an ArrayIndexOutOfBoundsException in Tyrus.
            List<String> present = values.stream().filter(value -> !value.isBlank()).toList();
            if (!present.isEmpty()) {
                response.getHeaders().put(name, present);
            }
        });
        ClientEngine.ClientUpgradeInfo info = engine.processResponse(response, new WireWriter(wire.writes(), attempt),
                reason -> attempt.closeRequested());
        if (info.getUpgradeStatus() == ClientEngine.ClientUpgradeStatus.SUCCESS) {
            attempt.opened(info.createConnection());
        } else if (info.getUpgradeStatus() == ClientEngine.ClientUpgradeStatus.ANOTHER_UPGRADE_REQUEST_REQUIRED) {
            // connectToServer waits for a second request we never send, with no limit of its own (the engine's
            // connection-timeout is the only one, and its abort cannot reach that wait): fail it now instead.
            throw new IOException("Tyrus asked for another upgrade request; the connector sends only one");
        }
        // Else Tyrus refused a reply that passed UpgradeReplyCheck and has told the waiting connectToServer why.
    }

    private static String requestHeader(UpgradeRequest request, String name) {
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        throw new IllegalStateException("Tyrus built an upgrade request without " + name);
    }

    /**
     * Under TLS 1.3 the server checks the client certificate only after the client has finished its handshake; a
     * server that refuses it may just close (Grizzly sends no alert), and the client sees a bare "Broken pipe" or EOF
     * on the upgrade request. Found by ClientCertificateAuthenticationTest: report it as the TLS failure it most
     * likely is (Failures classifies any SSLException as TlsHandshakeException), not as a network error.
     */
    private static IOException closedAfterHandshake(Wire wire, IOException failure, AttemptContext attempt) {
        SSLSession session = wire.tlsSession().orElse(null);
        if (attempt.isAborted() || session == null || !"TLSv1.3".equals(session.getProtocol())) {
            return failure;
        }
        boolean certificateSent = session.getLocalCertificates() != null;
        SSLHandshakeException refused = new SSLHandshakeException("the server closed the connection right after the "
                + "TLS 1.3 handshake without answering the upgrade (" + Failures.rootMessage(failure) + "); a server "
                + "does this when it refuses the client certificate ("
                + (certificateSent ? "one was sent" : "none was sent: the JDK sends one only when tls.key-store or "
                        + "tls.cert-file/tls.key-file holds a certificate issued by a CA the server accepts")
                + ")");
        refused.addSuppressed(failure); // not the cause: the message above is the reason to report
        return refused;
    }

    /**
     * The upgrade request as HTTP/1.1 text: the request Tyrus built (key, version, subprotocols) plus the client's
     * extra headers and Basic credentials, which only ever pass through here (validated at boot: no CR/LF).
     */
    static String requestHead(UpgradeRequest request, ClientConfig config) {
        URI uri = URI.create(request.getRequestUri());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder head = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            head.append(header.getKey()).append(": ").append(String.join(", ", header.getValue())).append("\r\n");
        }
        config.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        config.basicAuth().ifPresent(credentials ->
                head.append("Authorization: ").append(credentials.basicHeaderValue()).append("\r\n"));
        return head.append("\r\n").toString();
    }

    /** Tyrus's writer: queues frames on the wire, never blocking the sender once the connection is open. */
    static final class WireWriter extends Writer {
        private final WriteQueue writes;
        private final AttemptContext attempt;

        WireWriter(WriteQueue writes, AttemptContext attempt) {
            this.writes = writes;
            this.attempt = attempt;
        }

        @Override
        public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
            writes.write(buffer, completionHandler == null ? null : new WriteCompletion() {
                @Override
                public void written() {
                    completionHandler.completed(buffer);
                }

                @Override
                public void failed(Throwable cause) {
                    completionHandler.failed(cause);
                }
            });
        }

        /** Tyrus calls this right after writing the close frame: let the server close first. */
        @Override
        public void close() {
            attempt.closeRequested();
        }
    }
}
