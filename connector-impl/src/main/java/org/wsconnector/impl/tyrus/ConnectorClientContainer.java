package org.wsconnector.impl.tyrus;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import org.glassfish.tyrus.core.TyrusUpgradeResponse;
import org.glassfish.tyrus.spi.ClientContainer;
import org.glassfish.tyrus.spi.ClientEngine;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.Writer;
import org.wsconnector.impl.engine.Failures;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
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
 * <p>Runs entirely on the thread that calls {@code ClientManager.connectToServer}: that thread dials, sends the
 * upgrade, hands the reply to Tyrus and returns; {@link AttemptContext#readLoop()} then continues on it.
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
        Socket socket = attempt.dialer().dial(attempt.tcp());
        attempt.setStream(socket);
        UpgradeRequest request = engine.createUpgradeRequest(() -> attempt.abort());
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        HttpHead reply;
        try {
            out.write(HttpHead.ascii(requestHead(request)));
            out.flush();
            reply = HttpHead.read(in);
        } catch (java.net.SocketTimeoutException e) {
            throw new java.net.SocketTimeoutException("no upgrade reply from the server");
        } catch (HttpHead.NoReplyException | SocketException e) {
            throw closedAfterHandshake(socket, e, attempt);
        }
        TyrusUpgradeResponse response = new TyrusUpgradeResponse();
        response.setStatus(reply.status());
        response.setReasonPhrase(reply.reasonPhrase());
        reply.headers().forEach((name, values) -> response.getHeaders().put(name, List.copyOf(values)));
        SocketWriter writer = new SocketWriter(socket, attempt);
        ClientEngine.ClientUpgradeInfo info = engine.processResponse(response, writer, reason -> attempt.abort());
        switch (info.getUpgradeStatus()) {
            case SUCCESS -> {
                socket.setSoTimeout(0); // from now on silence is legal; pings detect dead peers
                Connection connection = info.createConnection();
                attempt.opened(connection, in);
            }
            case ANOTHER_UPGRADE_REQUEST_REQUIRED -> {
                // Redirects and auth challenges would need a new socket and a new deadline; not supported.
                IOException unsupported = new IOException("the server answered " + reply.statusLine()
                        + ", which asks for another upgrade request (redirect or authentication challenge); "
                        + "redirects are not followed");
                throw unsupported;
            }
            default -> attempt.failedStatus(reply.status(), reply.statusLine()); // Tyrus already reported the error
        }
    }

    /**
     * Under TLS 1.3 the server checks the client certificate only after the client has finished its handshake; a
     * server that refuses it may just close (Grizzly sends no alert), and the client sees a bare "Broken pipe" or EOF
     * on the upgrade request. Found by ClientCertificateAuthenticationTest: report it as the TLS failure it most
     * likely is (Failures classifies any SSLException as TlsHandshakeException), not as a network error.
     */
    private static IOException closedAfterHandshake(Socket socket, IOException failure, AttemptContext attempt) {
        if (attempt.isAborted() || !(socket instanceof SSLSocket tls) || !"TLSv1.3".equals(tls.getSession().getProtocol())) {
            return failure;
        }
        boolean certificateSent = tls.getSession().getLocalCertificates() != null;
        SSLHandshakeException refused = new SSLHandshakeException("the server closed the connection right after the "
                + "TLS 1.3 handshake without answering the upgrade (" + Failures.rootMessage(failure) + "); a server "
                + "does this when it refuses the client certificate ("
                + (certificateSent ? "one was sent" : "none was sent: the JDK sends one only when tls.key-store or "
                        + "tls.cert-file/tls.key-file holds a certificate issued by a CA the server accepts")
                + ")");
        refused.addSuppressed(failure); // not the cause: the message above is the reason to report
        return refused;
    }

    /** The upgrade request as HTTP/1.1 text, from the request Tyrus built (headers, key, subprotocols). */
    static String requestHead(UpgradeRequest request) {
        URI uri = URI.create(request.getRequestUri());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder head = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            head.append(header.getKey()).append(": ").append(String.join(", ", header.getValue())).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Writes frames to the socket. Tyrus serialises frames itself; the lock only guards against interleaving. */
    static final class SocketWriter extends Writer {
        private final Socket socket;
        private final AttemptContext attempt;
        private final Object lock = new Object();

        SocketWriter(Socket socket, AttemptContext attempt) {
            this.socket = socket;
            this.attempt = attempt;
        }

        @Override
        public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
            try {
                synchronized (lock) {
                    OutputStream out = socket.getOutputStream();
                    if (buffer.hasArray()) {
                        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                        buffer.position(buffer.limit());
                    } else {
                        byte[] bytes = new byte[buffer.remaining()];
                        buffer.get(bytes);
                        out.write(bytes);
                    }
                    out.flush();
                }
                if (completionHandler != null) {
                    completionHandler.completed(buffer);
                }
            } catch (IOException e) {
                if (completionHandler != null) {
                    completionHandler.failed(e);
                }
            }
        }

        @Override
        public void close() {
            attempt.closeRequested();
        }
    }

    /** Passes a Tyrus close request to the attempt: the socket is closed once the closing handshake is done. */
    static CloseReason abnormal(String reason) {
        return new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, reason);
    }
}
